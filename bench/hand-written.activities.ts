import type { CompletionActivities } from '../apps/worker/src/activities/completion';
import type { StepActivities } from '../apps/worker/src/activities/steps';
import { BENCH_DEFINITION_KEY } from './five-departments';
import type { HandWrittenActivities } from './hand-written.workflow';

/**
 * The baseline's activities are the product's own: each department is asked through `performAutoStep`
 * (the step's progress written before and after, the contract's fields read and sent through the case's
 * pinned connector, the access trail's records of what left and what came back) and the case ends through
 * `completeCase` (the result stored, the applicant told). Both variants then do exactly the same I/O, so
 * the ratios measure what interpreting a definition in the workflow costs, not what the product's
 * activities cost (those are measured by the worker CPU and the figures of both columns alike).
 */
export function handWrittenActivities(
  steps: StepActivities,
  completion: CompletionActivities,
): HandWrittenActivities {
  return {
    async checkDepartment({ caseId, stepId }) {
      const ref = { caseId, stepId, definitionKey: BENCH_DEFINITION_KEY, definitionVersion: 1 };
      const { decision, reason } = await steps.performAutoStep(ref);
      return { decision, ...(reason ? { reason } : {}) };
    },
    storeResult: ({ caseId, result }) => completion.completeCase({ caseId, result }),
  };
}
