import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Metrics } from '@onething/observability';
import { failureCode } from './activity-failures';

/**
 * Counts each activity attempt after the first (a Temporal retry) and each failed attempt, by activity
 * and failure code (`server-error:503`, `DataRefused`…: kinds, never messages). A cancellation is the
 * workflow's choice, not a failure.
 */
export function activityMetricsInterceptor(metrics: Metrics): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const { activityType: activity, attempt } = ctx.info;
        if (attempt > 1) metrics.activityRetries.inc({ activity });
        try {
          return await next(input);
        } catch (error) {
          if (!(error instanceof CancelledFailure)) {
            const retryable = !(error instanceof ApplicationFailure && error.nonRetryable);
            metrics.activityFailures.inc({
              activity,
              failure: failureCode(error),
              retryable: String(retryable),
            });
          }
          throw error;
        }
      },
    },
  });
}
