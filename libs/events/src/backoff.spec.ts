import { retryAfterMs, retryDelayMs } from './backoff';

const policy = { baseMs: 1_000, maxMs: 60_000 };

describe('retry backoff', () => {
  it('doubles from the base with each failure and stops at the maximum', () => {
    const highest = (failures: number) => retryDelayMs(failures, policy, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(highest)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000,
    ]);
    expect(highest(500)).toBe(60_000);
  });

  it('jitters within the upper half of the nominal wait, so waits never shrink', () => {
    expect(retryDelayMs(3, policy, () => 0)).toBe(2_000);
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(3_000);
    for (let failures = 1; failures < 10; failures++) {
      const longestNow = retryDelayMs(failures, policy, () => 1);
      const shortestNext = retryDelayMs(failures + 1, policy, () => 0);
      expect(shortestNext).toBeGreaterThanOrEqual(Math.min(longestNow, policy.maxMs / 2));
    }
  });

  it("reads a receiver's Retry-After in seconds or as a date, bounded by the maximum", () => {
    const now = Date.parse('2026-11-30T03:00:00Z');
    expect(retryAfterMs('30', policy, now)).toBe(30_000);
    expect(retryAfterMs('86400', policy, now)).toBe(60_000);
    expect(retryAfterMs('Mon, 30 Nov 2026 03:00:10 GMT', policy, now)).toBe(10_000);
    expect(retryAfterMs('Mon, 30 Nov 2026 02:00:00 GMT', policy, now)).toBeNull();
    expect(retryAfterMs('soon', policy, now)).toBeNull();
    expect(retryAfterMs(null, policy, now)).toBeNull();
  });
});
