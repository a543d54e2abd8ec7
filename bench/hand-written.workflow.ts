/**
 * The baseline: the benchmark's five-department fan-out written by hand as a minimal Temporal workflow —
 * five activities in parallel calling the same connectors with the same contract fields, then one
 * result write. Bundled on its own (see bench/run.ts); nothing here is used by the product.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CaseResultSummary } from '@onething/case-model';
import { benchRetry, fiveDepartmentSteps } from './five-departments';

export interface HandWrittenActivities {
  /** Asks the department as the product does (only `contract`'s fields leave), returns its answer. */
  checkDepartment(input: {
    caseId: string;
    stepId: string;
    connector: string;
    contract: string[];
  }): Promise<{ decision: 'approved' | 'rejected'; reason?: string }>;
  /** Stores the result (case row and outbox event in one transaction), then tells the applicant. */
  storeResult(input: { caseId: string; result: CaseResultSummary }): Promise<void>;
}

export interface HandWrittenInput {
  caseId: string;
  departmentHeartbeatTimeoutMs: number;
}

export async function handWrittenCaseWorkflow(input: HandWrittenInput): Promise<CaseResultSummary> {
  // The same activity options as the interpreter gives an auto step and its bookkeeping.
  const { checkDepartment } = proxyActivities<HandWrittenActivities>({
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: input.departmentHeartbeatTimeoutMs,
    retry: {
      maximumAttempts: benchRetry.maximumAttempts,
      initialInterval: benchRetry.initialIntervalSeconds * 1000,
      backoffCoefficient: benchRetry.backoffCoefficient,
      maximumInterval: benchRetry.maximumIntervalSeconds * 1000,
    },
  });
  const { storeResult } = proxyActivities<HandWrittenActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  const answers = await Promise.all(
    fiveDepartmentSteps.map((step) =>
      checkDepartment({
        caseId: input.caseId,
        stepId: step.id,
        connector: step.connector,
        contract: [...step.contract],
      }),
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
