import { decidingRejection, onRequiredRejectionOf } from '@onething/definition';
import type { CaseState } from './state';

/**
 * `onRequiredRejection: cancel-open` (since FLOW_SEMANTICS): once a rejection decides the case, the open
 * tasks and the failed steps waiting for a retry can no longer change the outcome, so they are cancelled
 * with the reason and their departments told, instead of doing work that would be clawed back. Auto steps
 * already calling their department finish (the call cannot be taken back); the scheduler starts no more.
 */
export async function cancelUndecidable(state: CaseState): Promise<void> {
  const { definition } = state;
  if (onRequiredRejectionOf(definition) !== 'cancel-open') return;
  const decidedBy = decidingRejection(definition, state.outcomes);
  if (decidedBy === undefined) return;
  const open = [
    ...[...state.running].filter((stepId) => state.step(stepId)?.kind === 'manual'),
    ...state.awaitingRetry,
  ].filter((stepId) => !state.cancelled.has(stepId));
  if (open.length === 0) return;
  const reason = `Cancelled: the case was rejected by step ${decidedBy}`;
  for (const stepId of open) {
    state.cancelled.add(stepId);
    state.reasons[stepId] = reason;
    // A failed step no longer fails the case: it will never be retried.
    state.awaitingRetry.delete(stepId);
    delete state.failed[stepId];
    state.stepScopes.get(stepId)?.cancel();
    state.setProgress(stepId, 'cancelled', reason);
  }
  await state.activities.cancelSteps({ ...state.base, stepIds: open, reason });
}
