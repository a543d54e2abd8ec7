import { connectorRetryBudget, DEFAULT_CONNECTOR_RETRY, retryDelayMs } from './retry-policies';

describe('connector retry budget', () => {
  it('covers a routine outage of several minutes by default, with exponential backoff', () => {
    const budget = connectorRetryBudget({});
    expect(budget).toEqual(DEFAULT_CONNECTOR_RETRY);
    const delays = Array.from({ length: budget.maximumAttempts }, (_, i) => retryDelayMs(budget, i + 1));
    expect(delays.slice(0, 6)).toEqual([1000, 2000, 4000, 8000, 16000, 30000]);
    // The last attempt has no next retry: the step is failed and waits for an administrator.
    expect(delays.at(-1)).toBeUndefined();
    const total = delays.reduce<number>((sum, delay) => sum + (delay ?? 0), 0);
    expect(total).toBeGreaterThanOrEqual(4 * 60_000);
    expect(total).toBeLessThanOrEqual(10 * 60_000);
  });

  it("takes a definition's own budget, capping the interval at 100× the first when it names no maximum", () => {
    const budget = connectorRetryBudget({
      retry: { maximumAttempts: 3, initialIntervalSeconds: 2, backoffCoefficient: 3 },
    });
    expect(budget).toEqual({
      maximumAttempts: 3,
      initialIntervalSeconds: 2,
      backoffCoefficient: 3,
      maximumIntervalSeconds: 200,
    });
    expect([1, 2, 3].map((attempt) => retryDelayMs(budget, attempt))).toEqual([2000, 6000, undefined]);
  });
});
