import type { CaseStepEntity } from '@onething/persistence';

/**
 * How a step's department calls are going, when one has failed: `retrying` while Temporal will try
 * again (at `nextRetryAt`), `failed` once the step waits for an administrator's retry. The error is
 * the connector's failure kind and HTTP status (e.g. `server-error:503`), never personal data.
 */
export interface StepAttemptsView {
  state: 'retrying' | 'failed';
  /** The attempt that failed last (Temporal's attempt number within the current run of the step). */
  attempt: number;
  lastErrorCode: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  nextRetryAt: string | null;
  /** e.g. `retrying (attempt 3, last error server-error:503)`. */
  summary: string;
}

type AttemptColumns = Pick<
  CaseStepEntity,
  'status' | 'attempt' | 'lastErrorCode' | 'lastError' | 'lastErrorAt' | 'nextRetryAt'
>;

/** Null while nothing failed (or the step has moved on to a decision). */
export function toStepAttemptsView(step: AttemptColumns): StepAttemptsView | null {
  if (step.attempt === null) return null;
  const state = step.status === 'running' ? 'retrying' : step.status === 'failed' ? 'failed' : undefined;
  if (!state) return null;
  const nextRetryAt = state === 'retrying' ? (step.nextRetryAt?.toISOString() ?? null) : null;
  const error = step.lastErrorCode ?? 'unknown';
  return {
    state,
    attempt: step.attempt,
    lastErrorCode: step.lastErrorCode,
    lastError: step.lastError,
    lastErrorAt: step.lastErrorAt?.toISOString() ?? null,
    nextRetryAt,
    summary:
      state === 'retrying'
        ? `retrying (attempt ${step.attempt}, last error ${error})`
        : `failed after ${step.attempt} attempt${step.attempt === 1 ? '' : 's'} (last error ${error}); waiting for an administrator's retry`,
  };
}
