import { condition } from '@temporalio/workflow';
import { chinaDate, startSlaClock, WorkingCalendar } from '@onething/calendar';
import type { Step } from '@onething/definition';
import type { StepDecision, StepRef } from '../activity-types';
import type { CaseState } from './state';

// Pledge mode (承诺办): a pledged step approves at once on the applicant's signed pledge; the step named as
// its verification runs only after the pledge's working days. An applicant who does not sign has the
// step (and its verification) run as any other. A rejection by the verification revokes the
// approval through the ordinary scoped compensation (the pledged step's `compensate.when` lists
// dependency-rejected, which the validator requires), and the undo activity tells the applicant.

/** The applicant signed this step's pledge (only then is the patch read: other histories stay as they were). */
function signed(state: CaseState, step: Step): boolean {
  return (
    step.pledge !== undefined && (state.input.pledged ?? []).includes(step.id) && state.features.pledge()
  );
}

/** Whether this run approves the step on its signed pledge. */
export function approvesOnPledge(state: CaseState, step: Step): boolean {
  return signed(state, step);
}

/** The pledged step's decision: approved at once, the moment remembered for its verification. */
export async function approveOnPledge(state: CaseState, ref: StepRef): Promise<StepDecision> {
  const decision = await state.activities.approveOnPledge(ref);
  state.pledgeApprovedAt.set(ref.stepId, Date.now());
  return decision;
}

export interface VerifiedPledge {
  stepId: string;
  workingDays: number;
}

/** The pledged step this step verifies, if any (and if this run follows pledge mode). */
export function pledgeVerifiedBy(state: CaseState, step: Step): VerifiedPledge | undefined {
  const pledged = state.definition.steps.find((candidate) => candidate.pledge?.verification === step.id);
  if (pledged === undefined || !signed(state, pledged)) return undefined;
  return { stepId: pledged.id, workingDays: pledged.pledge!.verifyAfterWorkingDays };
}

/**
 * A verification step waits until the pledge's working days have passed since the approval (the
 * calendar comes through an activity, so replay sees the same days); returns at once when the pledged
 * step was not approved on its pledge in this run.
 */
export async function awaitVerificationTime(
  state: CaseState,
  step: Step,
  verified: VerifiedPledge,
): Promise<void> {
  const approvedAt = state.pledgeApprovedAt.get(verified.stepId);
  if (approvedAt === undefined) return;
  state.setProgress(step.id, 'pending', `Verification of the pledge on ${verified.stepId} waits`);
  const calendar = new WorkingCalendar(
    await state.activities.loadWorkingCalendar({ fromDate: chinaDate(approvedAt) }),
  );
  const due = startSlaClock(calendar, verified.workingDays, approvedAt);
  state.setProgress(
    step.id,
    'pending',
    `Verification of the pledge on ${verified.stepId} due ${due.dueDate}`,
  );
  const wait = due.dueAt - Date.now();
  // Cancelled with the case (withdrawn, cancelled): the timer goes with the step's scope.
  if (wait > 0) await condition(() => false, wait);
  state.setProgress(step.id, 'running');
}
