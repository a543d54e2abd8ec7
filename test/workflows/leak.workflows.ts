import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';

/** Test-only workflow for test/leak.int-spec.ts: failure paths that carry a value, on both sides. */
export interface LeakActivities {
  /** Sends `value` to PostgreSQL where it cannot go, so the database error holds it. */
  queryWithValue(value: string): Promise<void>;
}

const { queryWithValue } = proxyActivities<LeakActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, initialInterval: '100 ms', backoffCoefficient: 1 },
});

/**
 * Runs the failing activity to the end of its retries, then fails itself with a message that names the
 * value: the activity's failures come from the worker's side, this one from the workflow bundle's.
 */
export async function databaseErrorWorkflow(value: string): Promise<void> {
  try {
    await queryWithValue(value);
  } catch (error) {
    if (error instanceof ActivityFailure)
      throw ApplicationFailure.nonRetryable(`could not record ${value}`, 'RecordRefused');
    throw error;
  }
}
