import { setHandler } from '@temporalio/workflow';
import {
  answerNoticeUpdate,
  cancelCaseUpdate,
  materialRequestedSignal,
  notRecorded,
  refuse,
  requireReason,
  retryStepUpdate,
  withdrawCaseUpdate,
  type AnswerNoticeInput,
  type CaseActionInput,
  type CaseActionResult,
  type RetryStepInput,
} from '../case-messages';
import { hasRole, supervises, type Actor } from '@onething/case-model';
import { requireFreeText } from '../free-text';
import { applyAnswer, noteRequest } from './notices';
import type { CaseState, Ending } from './state';

/**
 * The applicant's and administrators' actions: each validated before it can enter history (a refusal
 * leaves no trace), each audited. Registered in this order since the first run; keep it.
 */
export function registerCaseUpdates(state: CaseState): void {
  setHandler(withdrawCaseUpdate, ({ actor, reason }) => endCase(state, 'withdrawn', actor, reason), {
    validator: (input: CaseActionInput) => validateWithdrawal(state, input),
  });
  setHandler(cancelCaseUpdate, ({ actor, reason }) => endCase(state, 'cancelled', actor, reason), {
    validator: (input: CaseActionInput) => validateCancellation(state, input),
  });
  setHandler(retryStepUpdate, (input) => retryStep(state, input), {
    validator: (input: RetryStepInput) => validateRetry(state, input),
  });
  setHandler(answerNoticeUpdate, (input) => applyAnswer(state, input), {
    validator: (input: AnswerNoticeInput) => validateAnswer(state, input),
  });
  setHandler(materialRequestedSignal, ({ stepId }) => noteRequest(state, stepId));
}

function requireOpenCase(state: CaseState): void {
  if (!state.features.lifecycle) throw refuse('NOT_SUPPORTED', 'This case predates these actions');
  if (state.ending || state.closing || state.finished) {
    throw refuse('CASE_CLOSED', 'The case is already closed or closing');
  }
}

function validateWithdrawal(state: CaseState, { actor, reason }: CaseActionInput): void {
  requireOpenCase(state);
  if (!hasRole(actor, 'applicant', 'counter_clerk')) {
    throw refuse('ROLE_NOT_ALLOWED', 'Only the applicant (or their counter clerk) withdraws');
  }
  requireReason(reason);
  requireFreeText('reason', reason);
}

function validateCancellation(state: CaseState, { actor, reason }: CaseActionInput): void {
  requireOpenCase(state);
  if (!supervises(actor, state.definition.leadDepartment)) {
    throw refuse('ROLE_NOT_ALLOWED', "Only an administrator or the lead department's supervisor cancels");
  }
  requireReason(reason);
  requireFreeText('reason', reason);
}

function validateRetry(state: CaseState, { actor, stepId }: RetryStepInput): void {
  requireOpenCase(state);
  const step = state.step(stepId);
  if (!step || !state.awaitingRetry.has(stepId)) {
    throw refuse('STEP_NOT_FAILED', 'Only a failed step waiting for a retry can be retried');
  }
  if (!supervises(actor, step.department)) {
    throw refuse('ROLE_NOT_ALLOWED', "Only an administrator or the step department's supervisor retries");
  }
}

function validateAnswer(state: CaseState, { actor, noticeId }: AnswerNoticeInput): void {
  requireOpenCase(state);
  if (!hasRole(actor, 'applicant', 'counter_clerk')) {
    throw refuse('ROLE_NOT_ALLOWED', 'Only the applicant (or their counter clerk) answers a notice');
  }
  if (!state.notices.has(noticeId)) throw refuse('NOTICE_NOT_OPEN', 'The notice is not open');
}

/** Withdrawal or cancellation: recorded, then the scheduler closes the case. */
async function endCase(
  state: CaseState,
  kind: Ending['kind'],
  actor: Actor,
  reason: string,
): Promise<CaseActionResult> {
  const record = () =>
    state.updateActivities.recordCaseAction({
      caseId: state.caseId,
      action: kind === 'withdrawn' ? 'withdraw' : 'cancel',
      actorAccountId: actor.accountId,
      reason,
    });
  if (!state.features.actionRecordedFirst()) {
    // Histories from before: the case started closing while the action was being recorded.
    state.ending = { kind, reason };
    state.wake();
    await record();
    return { accepted: true };
  }
  state.closing = true;
  try {
    await record();
  } catch (error) {
    throw notRecorded(error);
  } finally {
    state.closing = false;
  }
  // The steps finished while the action was being recorded: the result stands.
  if (state.finished) throw refuse('CASE_CLOSED', 'The case closed while the action was being recorded');
  state.ending = { kind, reason };
  state.wake();
  return { accepted: true };
}

/** An administrator's retry of a failed step: the scheduler starts it again once recorded. */
async function retryStep(state: CaseState, { actor, stepId }: RetryStepInput): Promise<CaseActionResult> {
  const failure = state.failed[stepId];
  state.awaitingRetry.delete(stepId);
  delete state.failed[stepId];
  state.setProgress(stepId, 'pending');
  try {
    await state.updateActivities.recordCaseAction({
      caseId: state.caseId,
      action: 'retry-step',
      actorAccountId: actor.accountId,
      stepId,
    });
  } catch (error) {
    // Not recorded: the step still waits for a retry (unless another step's settling started it).
    if (!state.running.has(stepId) && state.outcomes[stepId] === undefined) {
      state.awaitingRetry.add(stepId);
      if (failure !== undefined) state.failed[stepId] = failure;
      state.setProgress(stepId, 'failed', failure);
    }
    throw notRecorded(error);
  }
  state.wake();
  return { accepted: true };
}
