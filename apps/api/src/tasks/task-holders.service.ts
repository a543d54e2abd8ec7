import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@onething/auth';
import { supervises } from '@onething/case-model';
import { AuthError } from '@onething/errors';
import { ApiError, ApiErrorCode, apiCodeOfAuth } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { ReadModel, type HolderChange, type TaskEntity } from '@onething/persistence';
import { ActionPending } from '../workflow/action-pending';
import type { BulkResult, TaskView } from './task.dto';
import { TasksService } from './tasks.service';

type BulkItem = BulkResult['results'][number];

/**
 * Who within a department holds a task: claim, release, assign. A read-model transition guarded in one
 * UPDATE (see TaskRepository.moveHolder) with its outbox event in the same transaction, not a workflow
 * Update: the task workflow decides on the department and the status, which a holder does not change,
 * and a claim must answer at once, also in bulk. Moving a task to another department stays the
 * workflow's `reassign`, whose validator guards every later decision by department.
 */
@Injectable()
export class TaskHoldersService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly tasks: TasksService,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  /** A worker of the task's department takes a task nobody holds; 409 TASK_CLAIMED names the holder. */
  async claim(caller: Principal, id: string): Promise<TaskView> {
    const task = await this.tasks.load(caller, id);
    const me = personOf(caller);
    await this.move(caller, task, [...caller.departments], { kind: 'claim', accountId: me }, 'task.claimed');
    return this.tasks.view(id);
  }

  /** The holder lets go (a supervisor of the department may release anyone's); releasing twice is fine. */
  async release(caller: Principal, id: string): Promise<TaskView> {
    const task = await this.tasks.load(caller, id);
    const me = personOf(caller);
    const heldBy = supervises(caller, task.department) ? null : me;
    await this.move(caller, task, [...caller.departments], { kind: 'release', heldBy }, 'task.released');
    return this.tasks.view(id);
  }

  /** A supervisor (or an administrator) hands the task to a named person of its department. */
  async assign(caller: Principal, id: string, toAccountId: string): Promise<TaskView> {
    const task = await this.readModel.tasks.find(id);
    // Someone who may not supervise the task cannot tell whether it exists.
    if (!task || !supervises(caller, task.department)) {
      throw new ApiError(ApiErrorCode.NotFound, 'No such task', 'id');
    }
    if (!(await this.readModel.staff.isMember(toAccountId, task.department))) {
      throw new ApiError(
        ApiErrorCode.ValidationFailed,
        `The person does not belong to ${task.department}`,
        'toAccountId',
      );
    }
    const change: HolderChange = { kind: 'assign', accountId: toAccountId };
    await this.move(caller, task, [task.department], change, 'task.assigned');
    return this.tasks.view(id);
  }

  /** Each task on its own (each its own transaction or Update): a result per item, in request order. */
  async bulk(ids: string[], act: (id: string) => Promise<unknown>): Promise<BulkResult> {
    const results: BulkItem[] = [];
    for (const id of ids) results.push(await this.attempt(id, act));
    return { results };
  }

  private async attempt(id: string, act: (id: string) => Promise<unknown>): Promise<BulkItem> {
    try {
      await act(id);
      return { id, ok: true };
    } catch (error) {
      if (error instanceof ApiError) {
        return { id, ok: false, code: error.details[0]?.code ?? error.code, message: error.message };
      }
      if (error instanceof AuthError) return { id, ok: false, code: apiCodeOfAuth(error.code) };
      // Accepted by the workflow, still being applied: it will happen.
      if (error instanceof ActionPending) return { id, ok: true, code: 'PENDING' };
      this.log.error({ err: error, taskId: id }, 'bulk task action failed');
      return { id, ok: false, code: ApiErrorCode.Internal };
    }
  }

  private async move(
    caller: Principal,
    task: TaskEntity,
    departments: string[],
    change: HolderChange,
    event: string,
  ): Promise<void> {
    const moved = await this.readModel.transaction(async (tx) => {
      const row = await tx.tasks.moveHolder(task.id, departments, change);
      if (row) {
        await tx.outbox.appendCaseEvent(task.caseId, event, {
          taskId: task.id,
          stepId: task.stepId,
          department: row.department,
          assigneeAccountId: row.assigneeAccountId,
          actorAccountId: caller.accountId,
        });
      }
      return row;
    });
    if (moved) {
      this.log.info({ taskId: task.id, caseId: task.caseId }, event);
      return;
    }
    await this.explainUnmoved(task.id, change);
  }

  /** The guard refused, or there was nothing to do: reads the task again to say which. */
  private async explainUnmoved(id: string, change: HolderChange): Promise<void> {
    const now = await this.readModel.tasks.get(id);
    const wanted = change.kind === 'release' ? null : change.accountId;
    if (now.status !== 'open' && now.status !== 'awaiting_material') {
      throw new ApiError(ApiErrorCode.Conflict, `The task is ${now.status}`, 'id', [
        { code: 'TASK_NOT_OPEN', message: `The task is ${now.status}`, path: 'id' },
      ]);
    }
    if (now.assigneeAccountId === wanted) return;
    if (now.assigneeAccountId !== null) {
      const names = await this.readModel.staff.displayNames([now.assigneeAccountId]);
      const holder = {
        accountId: now.assigneeAccountId,
        displayName: names.get(now.assigneeAccountId) ?? null,
      };
      throw new ApiError(
        ApiErrorCode.TaskClaimed,
        `The task is held by ${holder.displayName ?? holder.accountId}`,
        'id',
        [{ code: ApiErrorCode.TaskClaimed, message: 'Someone else holds the task', path: 'id' }],
        undefined,
        { holder },
      );
    }
    // Moved to another department meanwhile: no longer the caller's to see.
    throw new ApiError(ApiErrorCode.NotFound, 'No such task', 'id');
  }
}

/** Claims are personal: a department system (no account) holds nothing. */
function personOf(caller: Principal): string {
  if (caller.accountId === null) {
    throw new ApiError(ApiErrorCode.Forbidden, 'Only a person claims or releases a task');
  }
  return caller.accountId;
}
