import { LoginThrottle } from './throttle';

const options = {
  perMinute: 5,
  accountFreeFailures: 3,
  addressFreeFailures: 10,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
};

describe('login throttle', () => {
  it('refuses requests beyond the per-minute budget of an address, and admits them again a minute later', () => {
    let now = 0;
    const throttle = new LoginThrottle(options, () => now);
    for (let i = 0; i < 5; i += 1) expect(throttle.admitRequest('1.2.3.4').allowed).toBe(true);
    expect(throttle.admitRequest('1.2.3.4')).toEqual({ allowed: false, retryAfterMs: 60_000 });
    expect(throttle.admitRequest('5.6.7.8').allowed).toBe(true);
    now = 60_000;
    expect(throttle.admitRequest('1.2.3.4').allowed).toBe(true);
  });

  it('makes an account name wait after its free failures, doubling up to the maximum', () => {
    let now = 0;
    const throttle = new LoginThrottle(options, () => now);
    const keys = { account: 'Alice', address: 'a' };
    const lockouts = [1, 2, 3, 4, 5, 6, 7].map(() => throttle.fail(keys).lockedOut);
    expect(lockouts).toEqual([false, false, false, true, false, false, false]);
    // 7 failures: 4 over the free 3 → 1 s, 2 s, 4 s, 8 s, then capped at 8 s.
    expect(throttle.check({ account: 'alice', address: 'b' })).toEqual({
      allowed: false,
      retryAfterMs: 8000,
    });
    now = 8000;
    expect(throttle.check(keys).allowed).toBe(true);
    throttle.succeed(keys);
    expect(throttle.fail(keys).lockedOut).toBe(false);
  });

  it('treats an unknown account name exactly like a known one', () => {
    const throttle = new LoginThrottle(options, () => 0);
    for (let i = 0; i < 4; i += 1) throttle.fail({ account: 'nobody', address: 'x' });
    expect(throttle.check({ account: 'nobody', address: 'y' }).allowed).toBe(false);
  });
});
