import { setHandler } from '@temporalio/workflow';
import type { CaseResultSummary } from '@onething/case-model';
import { readModelActivities } from './activity-proxies';
import { keepCommitment } from './case/commitment';
import type { CaseWorkflowInput } from './case/input';
import { gatherRequests } from './case/notices';
import { readCaseFeatures } from './case/patches';
import { runSchedule } from './case/scheduling';
import { CaseState, progressQuery } from './case/state';
import { registerCaseUpdates } from './case/updates';

export type { CaseWorkflowInput } from './case/input';
export {
  AUTO_STEP_IN_ONE_ACTIVITY,
  CASE_ACTION_RECORDED_FIRST,
  CASE_COMMITMENT,
  CASE_GENERATION,
  CASE_LIFECYCLE,
  FLOW_SEMANTICS,
} from './case/patches';
export { progressQuery, type StepProgress } from './case/state';

/**
 * One case: interprets its pinned definition (case/scheduling.ts), takes the applicant's and
 * administrators' Updates (case/updates.ts), gathers requests for more material into notices
 * (case/notices.ts), and closes with the merged result or early, undoing approved steps
 * (case/closing.ts, case/compensation.ts), keeping the case's commitment (case/commitment.ts). A long history hands over to a new run (case/continue-as-new.ts).
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseResultSummary> {
  const features = readCaseFeatures(input);
  const state = new CaseState(
    input,
    features,
    readModelActivities(features.localActivities),
    readModelActivities(false),
  );
  setHandler(progressQuery, () => [...state.progress.values()]);
  registerCaseUpdates(state);
  if (features.lifecycle) state.inFlight.push(state.stepsScope.run(() => gatherRequests(state)));
  // Not awaited: the commitment's clock runs beside the steps and stops by itself once the case closes.
  void keepCommitment(state);
  return runSchedule(state);
}
