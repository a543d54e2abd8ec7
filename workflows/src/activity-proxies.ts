import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Step } from '@onething/definition';
import type { CaseActivities, StepActivities } from './activity-types';
import {
  connectorRetryBudget,
  connectorRetryPolicy,
  READ_MODEL_RETRY,
  type ConnectorRetryBudget,
} from './retry-policies';

/**
 * The read model's activities: short, retried through database outages. From generation 2 they run as
 * local activities: in the worker that runs the workflow task, without a round trip through the
 * server's matching service and with one marker in history instead of three events. They are all
 * idempotent, so re-running one after the worker died (what a local activity does) changes nothing
 * twice. A backoff longer than the SDK's local retry threshold (1 minute) waits on a timer.
 */
export function readModelActivities(local: boolean): CaseActivities {
  const options = { startToCloseTimeout: '1 minute', retry: READ_MODEL_RETRY } as const;
  return local ? proxyLocalActivities<CaseActivities>(options) : proxyActivities<CaseActivities>(options);
}

/** An auto step's connector activities, with the step's own retry budget. */
export function connectorActivities(step: Step, heartbeatTimeoutMs: number): StepActivities {
  return remoteConnectorActivities(connectorRetryBudget(step), heartbeatTimeoutMs);
}

/**
 * How long an auto step's local attempt may take: within one workflow task timeout (10 s), so the
 * workflow task needs no heartbeat. A department that answers slower is asked again by the normal
 * activity (same `Idempotency-Key`: it answers from its record), which heartbeats.
 */
export const LOCAL_ATTEMPT_TIMEOUT_MS = 8_000;

/** An auto step's first attempt, as a local activity: one try, no retries of its own. */
export function localAutoStepAttempt(): Pick<StepActivities, 'performAutoStep'> {
  return proxyLocalActivities<StepActivities>({
    startToCloseTimeout: LOCAL_ATTEMPT_TIMEOUT_MS,
    retry: { maximumAttempts: 1 },
  });
}

/** The normal (remote) activity that continues an auto step after its local attempt, or does it all. */
export function remoteConnectorActivities(
  budget: ConnectorRetryBudget,
  heartbeatTimeoutMs: number,
): StepActivities {
  return proxyActivities<StepActivities>({
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: heartbeatTimeoutMs,
    retry: connectorRetryPolicy(budget),
  });
}
