import { ActivityFailure, ApplicationFailure, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '@onething/case-model';

/** Machine-readable reasons a validator refuses an Update; the API passes them on as they are. */
export type UpdateRefusal =
  | 'TASK_OPENING'
  | 'TASK_NOT_OPEN'
  | 'WRONG_DEPARTMENT'
  | 'REASON_REQUIRED'
  | 'ROLE_NOT_ALLOWED'
  | 'FIELD_OUTSIDE_CONTRACT'
  | 'MESSAGE_REQUIRED'
  | 'TARGET_REQUIRED'
  | 'CASE_CLOSED'
  | 'STEP_NOT_FAILED'
  | 'NOTICE_NOT_OPEN'
  | 'NOT_SUPPORTED'
  /** Free text the workflow cannot store (a control character, an unpaired surrogate, too long). */
  | 'TEXT_REFUSED'
  /**
   * The handler's activity failed for good (e.g. PostgreSQL refused the data): nothing changed, the
   * task or case is as it was before the Update.
   */
  | 'ACTION_NOT_RECORDED';

/** Thrown by validators: the failure's type is its machine-readable code. */
export function refuse(type: UpdateRefusal, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * An Update handler's activity failed for good (PostgreSQL refused the data, or stayed down beyond the
 * activity's retry budget): the handler has put its state back and answers with this. The message names
 * the activity's failure type only, never the data.
 */
export function notRecorded(error: unknown): ApplicationFailure {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  const type = cause instanceof ApplicationFailure && cause.type ? cause.type : 'unknown failure';
  return ApplicationFailure.create({
    type: 'ACTION_NOT_RECORDED',
    message: `The action could not be recorded (${type}); nothing changed`,
    nonRetryable: true,
  });
}

export function requireReason(reason: string | undefined): void {
  if (!reason?.trim()) throw refuse('REASON_REQUIRED', 'A reason is required');
}

// Case workflow: the applicant's and administrators' actions.
export interface CaseActionInput {
  actor: Actor;
  reason: string;
}
export interface RetryStepInput {
  actor: Actor;
  stepId: string;
}
export interface AnswerNoticeInput {
  actor: Actor;
  noticeId: string;
  /** The stored (pending) answer the workflow's activity applies. */
  answerId: string;
}
export interface CaseActionResult {
  accepted: true;
}

export const withdrawCaseUpdate = defineUpdate<CaseActionResult, [CaseActionInput]>('withdraw');
export const cancelCaseUpdate = defineUpdate<CaseActionResult, [CaseActionInput]>('cancel');
export const retryStepUpdate = defineUpdate<CaseActionResult, [RetryStepInput]>('retryStep');
export const answerNoticeUpdate = defineUpdate<{ steps: string[] }, [AnswerNoticeInput]>('answerNotice');

/** From a task workflow to its case: a step asked the applicant for more (already recorded). */
export const materialRequestedSignal = defineSignal<[{ stepId: string }]>('materialRequested');
/** From the case to a task workflow: the applicant answered the notice, the task's data is updated. */
export const materialProvidedSignal = defineSignal<[{ noticeId: string }]>('materialProvided');
