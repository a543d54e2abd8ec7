import type { LoadLevel } from '../bench/load';
import { sustainedLevel } from '../bench/report';

const level = (inFlight: number, completedPerSecond: number, postP99: number): LoadLevel => ({
  inFlight,
  submissionsPerSecond: completedPerSecond,
  completedPerSecond,
  postP50: postP99 / 2,
  postP99,
  resultP50: 0,
  resultP99: 0,
  shed: 0,
  failed: 0,
});

describe('bench/report: where the load phase reads the submission latency', () => {
  it('is the first level within 5% of the best throughput, with the best level beside it', () => {
    const levels = [level(5, 17.0, 96), level(10, 17.5, 214), level(20, 17.2, 400)];
    expect(sustainedLevel(levels)).toEqual({ sustained: levels[0], best: levels[1] });
  });

  it('is the best level itself when every level before it is more than 5% below it', () => {
    const levels = [level(5, 13.3, 125), level(10, 16.9, 197), level(20, 17.7, 354)];
    expect(sustainedLevel(levels)).toEqual({ sustained: levels[1], best: levels[2] });
    const rising = [level(5, 10, 50), level(10, 15, 80)];
    expect(sustainedLevel(rising)).toEqual({ sustained: rising[1], best: rising[1] });
  });
});
