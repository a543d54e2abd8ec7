import {
  Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowUpdateStage,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { ApiError, ApiErrorCode, infrastructureFailure, RETRY_AFTER_SECONDS } from '@onething/http';
import type { Actor } from '@onething/case-model';
import type { Principal } from '@onething/auth';
import { ActionPending, type PendingSubject } from './action-pending';

/**
 * Refusals that are about the request's data rather than the case's state: text the workflow cannot
 * store is a 400; an action whose recording failed for good (nothing changed) a 422.
 */
function refusalCode(type: string): ApiErrorCode | undefined {
  if (type === 'TEXT_REFUSED') return ApiErrorCode.ValidationFailed;
  if (type === 'ACTION_NOT_RECORDED') return ApiErrorCode.ActionNotRecorded;
  return undefined;
}

// About 4.5 s of waiting in all (never past the Update's deadline): far longer than a workflow takes to
// process an activity's result.
const OPENING_RETRIES = 10;

/** The caller as workflow validators check it again. */
export function updateActor(caller: Principal): Actor {
  return { accountId: caller.id, departments: [...caller.departments], roles: [...caller.roles] };
}

export interface UpdateOptions {
  /** The error code the API answers with (decisions keep their own). */
  code?: ApiErrorCode;
  /** Request field the refusal is about. */
  path: string;
  /** What to say when the workflow has already ended. */
  closed: string;
  /** How long the caller waits for the workflow (WORKFLOW_UPDATE_TIMEOUT_MS). */
  timeoutMs: number;
  /** What the action is about, for the 202 that says where its outcome will show. */
  subject: PendingSubject;
}

/**
 * Executes an Update within a deadline and turns a validator's refusal into a 409 with its
 * machine-readable reason. A task whose workflow has not yet seen its own task opened (`TASK_OPENING`)
 * is retried for a moment.
 *
 * The deadline has two outcomes of its own, because Temporal keeps an Update the caller stopped waiting for:
 * - not accepted in time (no worker runs the workflow, Temporal unreachable): 503, and the action may
 *   still be applied when a worker picks the workflow up, so a client looks at the case before repeating it
 *   (a repeated action that was applied meanwhile is refused with 409, never applied twice);
 * - accepted but its result not back in time (the worker is slow to record it): 202 `ActionPending`,
 *   the action will complete and `GET /cases/:id` shows it.
 */
export async function executeUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  options: UpdateOptions,
): Promise<Ret> {
  const handle: WorkflowHandle = client.workflow.getHandle(workflowId);
  const code = options.code ?? ApiErrorCode.ActionRefused;
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    let accepted = false;
    try {
      const started = await client.withDeadline(deadline, () =>
        handle.startUpdate(update, { args, waitForStage: WorkflowUpdateStage.ACCEPTED }),
      );
      accepted = true;
      return await client.withDeadline(deadline, () => started.result());
    } catch (error) {
      const cause =
        error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure
          ? error.cause
          : undefined;
      const pause = 100 * attempt;
      if (cause?.type === 'TASK_OPENING' && attempt < OPENING_RETRIES && Date.now() + pause < deadline) {
        await new Promise((resolve) => setTimeout(resolve, pause));
        continue;
      }
      if (error instanceof WorkflowUpdateFailedError) {
        const type = cause?.type ?? 'REFUSED';
        const message = cause?.message ?? 'The action was refused';
        throw new ApiError(refusalCode(type) ?? code, `${type}: ${message}`, options.path, [
          { code: type, message, path: options.path },
        ]);
      }
      // The workflow has ended a moment ago (decided, completed, withdrawn).
      if (error instanceof WorkflowNotFoundError || /already completed/i.test((error as Error).message)) {
        const type = code === ApiErrorCode.TaskDecisionRefused ? 'TASK_NOT_OPEN' : 'CASE_CLOSED';
        throw new ApiError(code, `${type}: ${options.closed}`, options.path, [
          { code: type, message: options.closed, path: options.path },
        ]);
      }
      if (accepted && infrastructureFailure(error)) throw new ActionPending(options.subject);
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) throw notConfirmed(options.subject);
      throw error;
    }
  }
}

function notConfirmed(subject: PendingSubject): ApiError {
  const message =
    `The workflow did not confirm the action within the time limit; it may still be applied. ` +
    `Check GET /cases/${subject.caseId} before repeating it`;
  return new ApiError(
    ApiErrorCode.ServiceUnavailable,
    message,
    '',
    [{ code: 'UPDATE_NOT_CONFIRMED', message, path: '' }],
    RETRY_AFTER_SECONDS,
  );
}
