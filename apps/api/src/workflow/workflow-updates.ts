import {
  Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { ApiError, ApiErrorCode } from '@onething/http';
import type { Actor } from '@onething/workflows';
import type { Principal } from '@onething/auth';

/**
 * Refusals that are about the request's data rather than the case's state: text the workflow cannot
 * store is a 400; an action whose recording failed for good (nothing changed) a 422.
 */
function refusalCode(type: string): ApiErrorCode | undefined {
  if (type === 'TEXT_REFUSED') return ApiErrorCode.ValidationFailed;
  if (type === 'ACTION_NOT_RECORDED') return ApiErrorCode.ActionNotRecorded;
  return undefined;
}

// About 4.5 s of waiting in all: far longer than a workflow takes to process an activity's result.
const OPENING_RETRIES = 10;

/** The caller as workflow validators check it again. */
export function updateActor(caller: Principal): Actor {
  return { accountId: caller.id, departments: [...caller.departments], roles: [...caller.roles] };
}

export interface RefusalOptions {
  /** The error code the API answers with (decisions keep their own). */
  code?: ApiErrorCode;
  /** Request field the refusal is about. */
  path: string;
  /** What to say when the workflow has already ended. */
  closed: string;
}

/**
 * Executes an Update and turns a validator's refusal into a 409 with its machine-readable reason. A
 * task whose workflow has not yet seen its own task opened (`TASK_OPENING`) is retried for a moment.
 */
export async function executeUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  options: RefusalOptions,
): Promise<Ret> {
  const handle: WorkflowHandle = client.workflow.getHandle(workflowId);
  const code = options.code ?? ApiErrorCode.ActionRefused;
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.executeUpdate(update, { args });
    } catch (error) {
      const cause =
        error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure
          ? error.cause
          : undefined;
      if (cause?.type === 'TASK_OPENING' && attempt < OPENING_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
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
      throw error;
    }
  }
}
