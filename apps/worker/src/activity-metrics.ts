import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Metrics } from '@onething/observability';
import { failureCode } from './activity-failures';

/**
 * Counts each activity attempt after the first (a Temporal retry, or the normal activity that continues
 * an auto step after its local attempt: `priorAttempts`) and each failed attempt, by activity and failure
 * code (`server-error:503`, `DataRefused`…: kinds, never messages). A cancellation is the workflow's
 * choice, not a failure.
 */
export function activityMetricsInterceptor(metrics: Metrics): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const { activityType: activity, attempt } = ctx.info;
        if (attempt + priorAttemptsOf(input.args[0]) > 1) metrics.activityRetries.inc({ activity });
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

/** Attempts made before this activity began (an auto step's local attempt), from its input. */
function priorAttemptsOf(input: unknown): number {
  if (typeof input !== 'object' || input === null || !('priorAttempts' in input)) return 0;
  return typeof input.priorAttempts === 'number' ? input.priorAttempts : 0;
}
