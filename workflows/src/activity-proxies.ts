import { proxyActivities } from '@temporalio/workflow';
import type { Step } from '@onething/definition';
import type { CaseActivities, StepActivities } from './activity-types';
import { connectorRetryBudget, connectorRetryPolicy, READ_MODEL_RETRY } from './retry-policies';

/** The read model's activities: short, retried through database outages. */
export function readModelActivities(): CaseActivities {
  return proxyActivities<CaseActivities>({ startToCloseTimeout: '1 minute', retry: READ_MODEL_RETRY });
}

/** An auto step's connector activities, with the step's own retry budget. */
export function connectorActivities(step: Step, heartbeatTimeoutMs: number): StepActivities {
  return proxyActivities<StepActivities>({
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: heartbeatTimeoutMs,
    retry: connectorRetryPolicy(connectorRetryBudget(step)),
  });
}
