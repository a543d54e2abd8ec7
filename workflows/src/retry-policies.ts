import type { RetryPolicy } from '@temporalio/workflow';
import type { Step } from '@onething/definition';
import { NON_RETRYABLE_FAILURE_TYPES } from '@onething/case-model';

/**
 * Retry policies, bounded everywhere: a failure that cannot heal is non-retryable (the activities
 * classify it) and stops at once; one that can is retried with backoff for a limited time.
 */

/** The retry budget of a connector step, as the definition states it or by default. */
export interface ConnectorRetryBudget {
  maximumAttempts: number;
  initialIntervalSeconds: number;
  backoffCoefficient: number;
  maximumIntervalSeconds: number;
}

/**
 * By default a connector step outlasts a routine outage of its department: 1 s, doubling, at most 30 s
 * apart, 15 attempts — about 5 minutes of retrying (plus the attempts' own time) before the step is
 * `failed` and waits for an administrator's retry.
 */
export const DEFAULT_CONNECTOR_RETRY: ConnectorRetryBudget = {
  maximumAttempts: 15,
  initialIntervalSeconds: 1,
  backoffCoefficient: 2,
  maximumIntervalSeconds: 30,
};

/** The step's own retry settings over the defaults (a definition may set a shorter or longer budget). */
export function connectorRetryBudget(step: Pick<Step, 'retry'>): ConnectorRetryBudget {
  const retry = step.retry;
  if (!retry) return DEFAULT_CONNECTOR_RETRY;
  return {
    maximumAttempts: retry.maximumAttempts,
    initialIntervalSeconds: retry.initialIntervalSeconds,
    backoffCoefficient: retry.backoffCoefficient,
    // Without its own maximum, the interval grows up to 100× the first one (Temporal's default).
    maximumIntervalSeconds: retry.maximumIntervalSeconds ?? retry.initialIntervalSeconds * 100,
  };
}

export function connectorRetryPolicy(budget: ConnectorRetryBudget): RetryPolicy {
  return {
    maximumAttempts: budget.maximumAttempts,
    initialInterval: budget.initialIntervalSeconds * 1000,
    backoffCoefficient: budget.backoffCoefficient,
    maximumInterval: budget.maximumIntervalSeconds * 1000,
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
  };
}

/**
 * How long Temporal waits after failed attempt `attempt` (1-based) before the next one, or undefined
 * when that was the last attempt: what the case view shows as the next retry time.
 */
export function retryDelayMs(budget: ConnectorRetryBudget, attempt: number): number | undefined {
  if (attempt >= budget.maximumAttempts) return undefined;
  const seconds = Math.min(
    budget.initialIntervalSeconds * budget.backoffCoefficient ** (attempt - 1),
    budget.maximumIntervalSeconds,
  );
  return Math.round(seconds * 1000);
}

/**
 * Read-model writes and notices (PostgreSQL, the notification port): retried through an outage of up to
 * about 25 minutes (1 s doubling to 1 min, 30 attempts); data PostgreSQL refuses is non-retryable.
 */
export const READ_MODEL_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: 30,
  nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
};
