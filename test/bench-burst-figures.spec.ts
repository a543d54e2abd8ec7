import {
  bucketWidthMs,
  countPerBucket,
  largestAutoLead,
  maxPerBucket,
  orderDisplacement,
  percentile,
} from '../bench/burst-figures';

describe('bench/burst figures', () => {
  it('takes the nearest-rank percentile', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('counts times per bucket and keeps the peak of samples per bucket', () => {
    expect(countPerBucket([1000, 9999, 10_000, 25_000, 99_000], 0, 10_000, 3)).toEqual([2, 1, 1]);
    const samples = [
      { at: 0, value: 3 },
      { at: 5000, value: 9 },
      { at: 25_000, value: 4 },
    ];
    expect(maxPerBucket(samples, 0, 10_000, 3)).toEqual([9, undefined, 4]);
    expect(maxPerBucket([...samples, { at: 40_000, value: 99 }], 0, 10_000, 3)).toEqual([9, undefined, 4]);
  });

  it('widens buckets in steps of 10 s to keep the table short', () => {
    expect(bucketWidthMs(90_000)).toBe(10_000);
    expect(bucketWidthMs(1_800_000)).toBe(30_000);
  });

  it('measures how far tasks opened out of submission order', () => {
    const order = ['a', 'b', 'c', 'd', 'e'];
    const inOrder = new Map(order.map((id, i) => [id, 100 + i]));
    expect(orderDisplacement(order, inOrder)).toEqual({ ranked: 5, max: 0, p99: 0, mean: 0 });
    // e opened first: it moves four places, everyone else one.
    const lastFirst = new Map([...inOrder, ['e', 50]]);
    expect(orderDisplacement(order, lastFirst)).toMatchObject({ ranked: 5, max: 4, p99: 4, mean: 8 / 5 });
    // Same instant: submission order stands; a case whose task never opened is left out.
    const tied = new Map([
      ['a', 1],
      ['b', 1],
      ['d', 1],
    ]);
    expect(orderDisplacement(order, tied)).toEqual({ ranked: 3, max: 0, p99: 0, mean: 0 });
  });

  it('finds how many cases had auto steps done but no open task at the worst moment', () => {
    expect(largestAutoLead([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(largestAutoLead([1, 2, 3, 4], [5, 6, 7, 8])).toBe(4);
    expect(largestAutoLead([5, 6], [1, 2])).toBe(0);
  });
});
