import type { AppConfig } from '@onething/config';
import type { AppLogger } from '@onething/logging';
import type { NotificationService } from '@onething/notifications';
import { NotificationRetrySweep } from './notification-retry';

const log = { info: jest.fn(), warn: jest.fn() } as unknown as AppLogger;
const config = (retryIntervalMs: number) => ({ notifications: { retryIntervalMs } }) as AppConfig;

describe('NotificationRetrySweep', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('retries failed deliveries every interval, one pass at a time, and stops on shutdown', async () => {
    let finish: () => void = () => undefined;
    const retryFailed = jest.fn(
      () => new Promise((resolve) => (finish = () => resolve({ attempted: 1, delivered: 1, failed: 0 }))),
    );
    const sweep = new NotificationRetrySweep(
      { retryFailed } as unknown as NotificationService,
      config(1000),
      log,
    );
    sweep.start();
    await jest.advanceTimersByTimeAsync(3500);
    // The first pass is still running: no second one overlaps it.
    expect(retryFailed).toHaveBeenCalledTimes(1);
    finish();
    await jest.advanceTimersByTimeAsync(1000);
    expect(retryFailed).toHaveBeenCalledTimes(2);
    finish();
    await sweep.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(5000);
    expect(retryFailed).toHaveBeenCalledTimes(2);
  });

  it('does nothing when switched off', async () => {
    const retryFailed = jest.fn();
    new NotificationRetrySweep({ retryFailed } as unknown as NotificationService, config(0), log).start();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(retryFailed).not.toHaveBeenCalled();
  });
});
