import { condition } from '@temporalio/workflow';
import { chinaDate, startSlaClock, WorkingCalendar } from '@onething/calendar';
import type { CaseState } from './state';

/**
 * The whole case's commitment (承诺时限): its due date counted in working days from the submission (the
 * working calendar comes through an activity, so replay sees the same days), recorded on the case; when
 * the due time passes before the case has closed, the breach is recorded once (read model and event).
 * Ends when the case is decided, withdrawn or cancelled. Unlike a step's clock it does not pause while
 * the applicant owes material: the promise is made to the applicant for the whole case.
 *
 * Only definitions with a commitment read the patch (CASE_COMMITMENT), so histories of other cases are
 * untouched.
 */
export async function keepCommitment(state: CaseState): Promise<void> {
  const commitment = state.definition.commitment;
  if (commitment === undefined || !state.features.commitment()) return;
  const { activities, caseId } = state;
  const submittedAt = state.submittedAt;
  const calendar = new WorkingCalendar(
    await activities.loadWorkingCalendar({ fromDate: chinaDate(submittedAt) }),
  );
  const clock = startSlaClock(calendar, commitment.workingDays, submittedAt);
  state.commitment = {
    workingDays: commitment.workingDays,
    dueDate: clock.dueDate,
    dueAt: clock.dueAt,
    dueSoonAt: clock.dueSoonAt,
    breached: false,
  };
  await activities.recordCommitment({
    caseId,
    dueDate: clock.dueDate,
    dueAt: clock.dueAt,
    dueSoonAt: clock.dueSoonAt,
  });
  const closed = (): boolean => state.finished || state.ending !== undefined;
  const wait = clock.dueAt - Date.now();
  if (wait > 0 && (await condition(closed, wait))) return;
  if (closed()) return;
  state.commitment = { ...state.commitment, breached: true };
  await activities.recordCommitmentBreach({ caseId });
}
