import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, In } from 'typeorm';
import { assertMayWorkTask, worklistDepartments, type Principal } from '@onething/auth';
import { ApiError, ApiErrorCode } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { TaskEntity } from '@onething/persistence';
import { TEMPORAL_CLIENT } from '@onething/temporal';
import { decideTaskUpdate, type TaskDecisionInput } from '@onething/workflows';

// About 4.5 s of waiting in all: far longer than a workflow takes to process an activity's result.
const OPENING_RETRIES = 10;
import { TaskDecisionDto, TaskView, toTaskView, WorklistQuery } from './task.dto';

@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  async worklist(caller: Principal, query: WorklistQuery) {
    const departments = worklistDepartments(caller, query.department);
    if (departments.length === 0) return { items: [], page: query.page, pageSize: query.pageSize, total: 0 };
    const [rows, total] = await this.dataSource.getRepository(TaskEntity).findAndCount({
      where: {
        department: In(departments),
        ...(query.status ? { status: query.status } : {}),
        ...(query.caseId ? { caseId: query.caseId } : {}),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: rows.map(toTaskView), page: query.page, pageSize: query.pageSize, total };
  }

  async get(caller: Principal, id: string): Promise<TaskView> {
    return toTaskView(await this.load(caller, id));
  }

  /**
   * The decision goes to the task's workflow as an Update; its validator refuses (before anything enters
   * history) a task that is not open or a caller from another department.
   */
  async decide(caller: Principal, id: string, dto: TaskDecisionDto): Promise<TaskView> {
    const task = await this.load(caller, id);
    // A decided task's workflow has ended; the read model says so without asking Temporal.
    if (task.status !== 'open') {
      throw new ApiError(
        ApiErrorCode.TaskDecisionRefused,
        `TASK_NOT_OPEN: The task is ${task.status}`,
        'decision',
      );
    }
    try {
      await this.sendDecision(task, caller, dto);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        const cause = error.cause instanceof ApplicationFailure ? error.cause : undefined;
        const reason = cause ? `${cause.type ?? 'REFUSED'}: ${cause.message}` : 'The decision was refused';
        throw new ApiError(ApiErrorCode.TaskDecisionRefused, reason, 'decision');
      }
      // Decided a moment ago by someone else: the workflow has already completed.
      if (error instanceof WorkflowNotFoundError || /already completed/i.test((error as Error).message)) {
        throw new ApiError(
          ApiErrorCode.TaskDecisionRefused,
          'TASK_NOT_OPEN: The task was just decided',
          'decision',
        );
      }
      throw error;
    }
    this.log.info(
      { taskId: id, caseId: task.caseId, stepId: task.stepId, decision: dto.decision },
      'task decided',
    );
    return this.get(caller, id);
  }

  /**
   * The Update, retried while the task's workflow has not yet seen its own task opened (the activity
   * commits the row a moment before the workflow processes its result).
   */
  private async sendDecision(task: TaskEntity, caller: Principal, dto: TaskDecisionDto): Promise<void> {
    const decision: TaskDecisionInput = {
      decision: dto.decision,
      ...(dto.reason ? { reason: dto.reason } : {}),
      actor: { accountId: caller.id, departments: [...caller.departments], roles: [...caller.roles] },
    };
    const handle = this.temporal.workflow.getHandle(task.workflowId);
    for (let attempt = 1; ; attempt++) {
      try {
        await handle.executeUpdate(decideTaskUpdate, { args: [decision] });
        return;
      } catch (error) {
        const opening =
          error instanceof WorkflowUpdateFailedError &&
          error.cause instanceof ApplicationFailure &&
          error.cause.type === 'TASK_OPENING';
        if (!opening || attempt >= OPENING_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  private async load(caller: Principal, id: string): Promise<TaskEntity> {
    const task = await this.dataSource.getRepository(TaskEntity).findOneBy({ id });
    if (!task) throw new ApiError(ApiErrorCode.NotFound, 'No such task', 'id');
    assertMayWorkTask(caller, task);
    return task;
  }
}
