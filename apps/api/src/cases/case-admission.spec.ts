import type { Client } from '@temporalio/client';
import type { AppConfig } from '@onething/config';
import { ApiError } from '@onething/http';
import type { AppLogger } from '@onething/logging';
import { CaseAdmission, retryAfterSeconds, SAMPLE_MS } from './case-admission';

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

describe('the backlog a submission is admitted against', () => {
  /** The server's answers to DescribeTaskQueue, in order; a reading asks twice (workflow, activity). */
  let answers: Promise<unknown>[];
  const describeTaskQueue = jest.fn(() => answers.shift() ?? Promise.reject(new Error('not expected')));
  const stats = (backlog: number) => Promise.resolve({ stats: { approximateBacklogCount: backlog } });
  let now = 0;

  const admission = () =>
    new CaseAdmission(
      {
        connection: {
          workflowService: { describeTaskQueue },
          withDeadline: (_deadline: number, call: () => Promise<unknown>) => call(),
        },
      } as unknown as Client,
      { temporal: { admissionMaxBacklog: 5, namespace: 'default', taskQueue: 'cases' } } as AppConfig,
      { warn: jest.fn() } as unknown as AppLogger,
    );
  /** How an admission ended, or 'waiting' if it is still waiting once pending callbacks have run. */
  const outcome = async (admitted: Promise<void>) => {
    const settled = admitted.then(
      () => 'admitted',
      (error: ApiError) => error.code,
    );
    return Promise.race([settled, new Promise((wait) => setTimeout(() => wait('waiting'), 20))]);
  };

  beforeEach(() => {
    describeTaskQueue.mockClear();
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('waits for the first reading only; later ones renew while submissions go on with the last', async () => {
    const cases = admission();
    now = 0;
    answers = [stats(4), stats(3)];
    expect(await outcome(cases.admit())).toBe('OVERLOADED');
    expect(describeTaskQueue).toHaveBeenCalledTimes(2);

    now = SAMPLE_MS - 1;
    expect(await outcome(cases.admit())).toBe('OVERLOADED');
    expect(describeTaskQueue).toHaveBeenCalledTimes(2);

    // Past its second, the reading is renewed; the server is slow to answer, and nobody waits for it.
    now = SAMPLE_MS;
    let answer!: (value: unknown) => void;
    answers = [new Promise((resolve) => (answer = resolve)), stats(0)];
    expect(await outcome(cases.admit())).toBe('OVERLOADED');
    expect(await outcome(cases.admit())).toBe('OVERLOADED');
    expect(describeTaskQueue).toHaveBeenCalledTimes(3);

    answer({ stats: { approximateBacklogCount: 0 } });
    await new Promise((settle) => setImmediate(settle));
    expect(describeTaskQueue).toHaveBeenCalledTimes(4);
    expect(await outcome(cases.admit())).toBe('admitted');
  });

  it('lets the application stop only once a reading under way has ended', async () => {
    const cases = admission();
    answers = [stats(0), stats(0)];
    await cases.admit();
    now += SAMPLE_MS;
    let answer!: (value: unknown) => void;
    answers = [new Promise((resolve) => (answer = resolve)), stats(0)];
    await cases.admit();
    const stopped = cases.beforeApplicationShutdown().then(() => 'stopped');
    expect(await Promise.race([stopped, new Promise((wait) => setTimeout(() => wait('waiting'), 20))])).toBe(
      'waiting',
    );
    answer({ stats: { approximateBacklogCount: 0 } });
    expect(await stopped).toBe('stopped');
    // With no reading under way, it stops at once.
    await expect(cases.beforeApplicationShutdown()).resolves.toBeUndefined();
  });

  it('admits when the backlog cannot be read, and reads again a second later', async () => {
    const cases = admission();
    now = 10 * SAMPLE_MS;
    answers = [Promise.reject(new Error('unavailable'))];
    expect(await outcome(cases.admit())).toBe('admitted');
    now += SAMPLE_MS;
    answers = [stats(6), stats(0)];
    expect(await outcome(cases.admit())).toBe('admitted');
    await new Promise((settle) => setImmediate(settle));
    expect(await outcome(cases.admit())).toBe('OVERLOADED');
  });
});
