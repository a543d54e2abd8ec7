import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from './activity-types';
import { mergeOutcomes, type StepOutcome } from './merge';
import { CaseStatusAttribute } from './search-attributes';
import type { CaseResultSummary } from './merge';

/**
 * The case workflow's input carries ids and the pinned definition's shape only: no personal data.
 * The activities read the application from PostgreSQL and hand each department its contract fields.
 */
export interface CaseWorkflowInput {
  caseId: string;
  definitionKey: string;
  definitionVersion: number;
  leadDepartment: string;
  steps: { id: string; department: string }[];
  /** Activity tuning comes from the starter's config: workflow code reads no environment. */
  departmentHeartbeatTimeoutMs: number;
}

export interface StepProgress {
  stepId: string;
  department: string;
  status: 'running' | 'approved' | 'rejected' | 'failed';
  reason?: string;
}

export const progressQuery = defineQuery<StepProgress[]>('progress');

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseResultSummary> {
  const { performDepartmentStep, completeCase } = proxyActivities<CaseActivities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: input.departmentHeartbeatTimeoutMs,
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      maximumAttempts: 10,
    },
  });

  const progress = new Map<string, StepProgress>(
    input.steps.map((s) => [s.id, { stepId: s.id, department: s.department, status: 'running' as const }]),
  );
  setHandler(progressQuery, () => [...progress.values()]);
  upsertSearchAttributes([{ key: CaseStatusAttribute, value: 'in_progress' }]);

  // Every department works in parallel: the slice's steps have no dependencies between them.
  const outcomes: StepOutcome[] = await Promise.all(
    input.steps.map(async (step): Promise<StepOutcome> => {
      try {
        const decision = await performDepartmentStep({ caseId: input.caseId, stepId: step.id });
        progress.set(step.id, {
          stepId: step.id,
          department: step.department,
          status: decision.decision,
          reason: decision.reason,
        });
        return { stepId: step.id, department: step.department, ...decision };
      } catch (error) {
        const reason = error instanceof ApplicationFailure ? error.message : 'department system unavailable';
        progress.set(step.id, { stepId: step.id, department: step.department, status: 'failed', reason });
        log.warn('step failed', { caseId: input.caseId, stepId: step.id });
        return { stepId: step.id, department: step.department, decision: 'failed', reason };
      }
    }),
  );

  const result = mergeOutcomes(outcomes);
  await completeCase({ caseId: input.caseId, result });
  upsertSearchAttributes([{ key: CaseStatusAttribute, value: result.decision }]);
  await condition(allHandlersFinished);
  log.info('case completed', {
    caseId: input.caseId,
    decision: result.decision,
    workflowId: workflowInfo().workflowId,
  });
  return result;
}
