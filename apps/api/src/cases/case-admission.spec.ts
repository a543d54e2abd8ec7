import { retryAfterSeconds } from './case-admission';

describe('the Retry-After of a refused case', () => {
  it('is how long the excess takes to drain at the current rate, within 1 to 120 seconds', () => {
    expect(retryAfterSeconds(100, 20)).toBe(5);
    expect(retryAfterSeconds(101, 20)).toBe(6);
    expect(retryAfterSeconds(1, 500)).toBe(1);
    expect(retryAfterSeconds(1_000_000, 10)).toBe(120);
  });

  it('is 30 seconds when nothing drains (no worker polls)', () => {
    expect(retryAfterSeconds(10, 0)).toBe(30);
  });
});
