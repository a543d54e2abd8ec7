/**
 * The baseline: the benchmark's five-department fan-out written by hand as a minimal Temporal workflow,
 * using the same Temporal techniques as the interpreter's newest case workflow generation, so the ratio
 * interpreter ÷ hand-written measures interpretation and nothing else:
 * - each department call is a LOCAL activity (no round trip through the matching service, no activity
 *   events of its own), with a start-to-close timeout just above the connector's timeout and at most
 *   two attempts inside the worker;
 * - a call whose local attempts fail retryably (the department slow or down) falls back to a normal
 *   activity with the step's retry budget, so a long outage is retried durably by the server;
 * - the result write (`storeResult`) is a local activity too.
 * Bundled on its own (see bench/run.ts); nothing here is used by the product.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import type { CaseResultSummary } from '@onething/case-model';
import { benchRetry, fiveDepartmentSteps } from './five-departments';

export interface DepartmentCall {
  caseId: string;
  stepId: string;
  connector: string;
  contract: string[];
}

export interface HandWrittenActivities {
  /** Asks the department as the product does (only `contract`'s fields leave), returns its answer. */
  checkDepartment(input: DepartmentCall): Promise<{ decision: 'approved' | 'rejected'; reason?: string }>;
  /** Stores the result (case row and outbox event in one transaction), then tells the applicant. */
  storeResult(input: { caseId: string; result: CaseResultSummary }): Promise<void>;
}

export interface HandWrittenInput {
  caseId: string;
  departmentHeartbeatTimeoutMs: number;
  /** The connector's HTTP timeout (CONNECTOR_TIMEOUT_MS): the local attempt's bound follows from it. */
  connectorTimeoutMs: number;
}

/** Room above the connector's timeout for the step's own reads and writes around the call. */
const LOCAL_MARGIN_MS = 2_000;
/** Attempts inside the worker before the call becomes a durable, server-scheduled activity. */
const LOCAL_ATTEMPTS = 2;

export async function handWrittenCaseWorkflow(input: HandWrittenInput): Promise<CaseResultSummary> {
  const local = proxyLocalActivities<HandWrittenActivities>({
    startToCloseTimeout: input.connectorTimeoutMs + LOCAL_MARGIN_MS,
    retry: { maximumAttempts: LOCAL_ATTEMPTS, initialInterval: '200 ms', backoffCoefficient: 2 },
  });
  // The fallback: the step's retry budget, heartbeating like the interpreter's normal activity.
  const durable = proxyActivities<HandWrittenActivities>({
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: input.departmentHeartbeatTimeoutMs,
    retry: {
      maximumAttempts: benchRetry.maximumAttempts,
      initialInterval: benchRetry.initialIntervalSeconds * 1000,
      backoffCoefficient: benchRetry.backoffCoefficient,
      maximumInterval: benchRetry.maximumIntervalSeconds * 1000,
    },
  });
  const { storeResult } = proxyLocalActivities<HandWrittenActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  const ask = async (call: DepartmentCall) => {
    try {
      return await local.checkDepartment(call);
    } catch (error) {
      if (!retryable(error)) throw error;
      return durable.checkDepartment(call);
    }
  };
  const answers = await Promise.all(
    fiveDepartmentSteps.map((step) =>
      ask({ caseId: input.caseId, stepId: step.id, connector: step.connector, contract: [...step.contract] }),
    ),
  );
  const result: CaseResultSummary = {
    decision: answers.every((a) => a.decision === 'approved') ? 'approved' : 'rejected',
    steps: fiveDepartmentSteps.map((step, index) => ({
      stepId: step.id,
      department: step.department,
      decision: answers[index].decision,
      ...(answers[index].reason ? { reason: answers[index].reason } : {}),
    })),
  };
  await storeResult({ caseId: input.caseId, result });
  return result;
}

/**
 * A failure asking again may heal (a timeout, a department down); not one the activity marked final, nor
 * a cancellation. A local activity's own failure reaches the workflow as the ApplicationFailure itself
 * (SDK 1.24), a local timeout as an ActivityFailure around a TimeoutFailure.
 */
function retryable(error: unknown): boolean {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) return !cause.nonRetryable;
  return error instanceof ActivityFailure && !(cause instanceof CancelledFailure);
}
