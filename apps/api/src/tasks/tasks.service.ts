import { Inject, Injectable } from '@nestjs/common';
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { Client } from '@temporalio/client';
import { AccessTrail, departmentBasis, mergeAlikeAccesses, type AccessRecord } from '@onething/audit';
import { assertMayWorkTask, worklistDepartments, type Principal } from '@onething/auth';
import { supervises } from '@onething/case-model';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { ApiError, ApiErrorCode } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import {
  composeOutputForm,
  contractFieldIds,
  stepOutputs,
  validateStepOutputs,
  type Step,
} from '@onething/definition';
import { PinnedDefinitions } from '@onething/orchestration';
import { ReadModel, type TaskEntity } from '@onething/persistence';
import { TEMPORAL_CLIENT } from '@onething/temporal';
import {
  decideTaskUpdate,
  reassignTaskUpdate,
  requestMaterialUpdate,
  type TaskDecisionInput,
} from '@onething/workflows';
import { executeUpdate, updateActor } from '../workflow/workflow-updates';

import {
  MaterialRequestDto,
  ReassignTaskDto,
  TaskDecisionDto,
  toCommentView,
  toTaskView,
  type TaskDetailView,
  type TaskView,
  WorklistQuery,
} from './task.dto';
import { attachmentsOf } from './attachments';
import { worklistCursors } from './cursor';

/** How many of the newest comments the task view carries (the rest: GET /tasks/:id/comments). */
const RECENT_COMMENTS = 5;
/** A department system has no account: "my tasks" is then none (the nil UUID matches no row). */
const NO_ACCOUNT = '00000000-0000-0000-0000-000000000000';

@Injectable()
export class TasksService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly trail: AccessTrail,
  ) {}

  /** One keyset page of the caller's departments' tasks, with its total (see TaskRepository.worklist). */
  async worklist(caller: Principal, query: WorklistQuery) {
    const cursors = worklistCursors[query.sort];
    const after = cursors.decode(query.cursor);
    const departments = worklistDepartments(caller, query.department);
    if (departments.length === 0) return { items: [], nextCursor: null, total: 0 };
    const assignee =
      query.assignee === 'me'
        ? (caller.accountId ?? NO_ACCOUNT)
        : query.assignee === 'unassigned'
          ? null
          : undefined;
    const { rows, lastKey, holderNames, total } = await this.readModel.tasks.worklist({
      departments,
      ...(query.status ? { status: query.status } : {}),
      ...(query.priority ? { priority: query.priority } : {}),
      ...(assignee !== undefined ? { assigneeAccountId: assignee } : {}),
      ...(query.sla ? { sla: query.sla } : {}),
      ...(query.caseId ? { caseId: query.caseId } : {}),
      ...(query.dueBefore ? { dueBefore: new Date(query.dueBefore) } : {}),
      ...(query.oneThing ? { definitionKey: query.oneThing } : {}),
      ...(query.submittedFrom ? { submittedFrom: new Date(query.submittedFrom) } : {}),
      ...(query.submittedBefore ? { submittedBefore: new Date(query.submittedBefore) } : {}),
      ...(after ? { after } : {}),
      sort: query.sort,
      limit: query.limit,
    });
    // The page shows each task's step contract data: one access per kind of task on it (its cases
    // listed), appended together. The views are built once the append is on its way to the database (the
    // next turn of the event loop) and while it is written; the page is answered only once it is durable.
    const recorded = this.trail.recordMany(
      mergeAlikeAccesses(rows.map((task) => taskAccess(caller, task, 'worklist'))),
    );
    const [, { items, nextCursor }] = await Promise.all([
      recorded,
      setImmediatePromise().then(() =>
        cursors.page(
          rows.map((row) => toTaskView(row, holderNames)),
          lastKey,
        ),
      ),
    ]);
    return {
      items,
      nextCursor,
      ...('exact' in total ? { total: total.exact } : { totalAtLeast: total.atLeast }),
    };
  }

  /** The one-call view: contract data, attachments, output form, SLA, who holds it, recent comments. */
  async get(caller: Principal, id: string): Promise<TaskDetailView> {
    const task = await this.load(caller, id);
    await this.trail.record(taskAccess(caller, task, 'task'));
    const [names, comments, step, outputs] = await Promise.all([
      this.holderNames([task]),
      this.readModel.taskComments
        .page({ scope: { taskId: id }, limit: RECENT_COMMENTS })
        .then((page) => page.items),
      this.definitionStep(task),
      this.readModel.steps.outputsOf(task.caseId),
    ]);
    const authors = await this.readModel.staff.displayNames(
      comments.flatMap((comment) => (comment.authorAccountId ? [comment.authorAccountId] : [])),
    );
    return {
      ...toTaskView(task, names),
      attachments: step ? attachmentsOf(step.attachmentFields, task.data) : [],
      // The form only for a step that declares outputs: a worker has nothing to fill in otherwise.
      outputForm: step && stepOutputs(step.step).length > 0 ? composeOutputForm(step.step) : null,
      outputs: outputs[task.stepId] ?? null,
      recentComments: comments.map((comment) => toCommentView(comment, authors)),
    };
  }

  /** The view after a change: the task row with its holder's name. */
  async view(id: string): Promise<TaskView> {
    const task = await this.readModel.tasks.get(id);
    return toTaskView(task, await this.holderNames([task]));
  }

  private holderNames(tasks: TaskEntity[]): Promise<Map<string, string>> {
    const holders = new Set(
      tasks.flatMap((task) => (task.assigneeAccountId ? [task.assigneeAccountId] : [])),
    );
    return this.readModel.staff.displayNames([...holders]);
  }

  /** The task's step in the definition its case is pinned to: its attachment fields and its outputs. */
  private async definitionStep(task: TaskEntity) {
    const entity = await this.readModel.cases.get(task.caseId);
    const definition = await this.definitions.get(entity);
    const step = definition?.steps.find((candidate) => candidate.id === task.stepId);
    if (!definition || !step) return undefined;
    const contract = contractFieldIds(step);
    const attachmentFields = definition.fields
      .filter((field) => field.type === 'attachment' && contract.includes(field.id))
      .map((field) => field.id);
    return { attachmentFields, step };
  }

  /**
   * The decision goes to the task's workflow as an Update; its validator refuses (before anything enters
   * history) a task that is not open or a caller from another department.
   */
  async decide(
    caller: Principal,
    id: string,
    dto: TaskDecisionDto,
  ): Promise<TaskView & { outputs: Record<string, unknown> | null }> {
    const task = await this.load(caller, id);
    // A decided task's workflow has ended; the read model says so without asking Temporal.
    if (task.status === 'approved' || task.status === 'rejected' || task.status === 'cancelled') {
      throw new ApiError(
        ApiErrorCode.TaskDecisionRefused,
        `TASK_NOT_OPEN: The task is ${task.status}`,
        'decision',
      );
    }
    const outputs = this.checkOutputs(await this.stepOf(task), dto);
    const decision: TaskDecisionInput = {
      decision: dto.decision,
      ...(dto.reason ? { reason: dto.reason } : {}),
      ...(Object.keys(outputs).length > 0 ? { outputs } : {}),
      actor: updateActor(caller),
    };
    await executeUpdate(this.temporal, task.workflowId, decideTaskUpdate, [decision], {
      code: ApiErrorCode.TaskDecisionRefused,
      path: 'decision',
      closed: 'The task was just decided',
      ...this.limits(task),
    });
    await this.trail.record({
      ...departmentBasis(caller, task.department),
      action: 'decision',
      caseId: task.caseId,
      resource: `step:${task.stepId}`,
      fields: dto.reason ? ['decision', 'reason'] : ['decision'],
    });
    this.log.info(
      { taskId: id, caseId: task.caseId, stepId: task.stepId, decision: dto.decision },
      'task decided',
    );
    // The decided task with the outputs it recorded (the decision's answer, not a new read of its data).
    const recorded = await this.readModel.steps.outputsOf(task.caseId);
    return { ...(await this.view(id)), outputs: recorded[task.stepId] ?? null };
  }

  /**
   * Asks the applicant for more: the task waits (its SLA clock paused) until the case's one notice is
   * answered. The workflow refuses fields outside the step's contract.
   */
  async requestMaterial(caller: Principal, id: string, dto: MaterialRequestDto): Promise<TaskView> {
    const task = await this.load(caller, id);
    await executeUpdate(
      this.temporal,
      task.workflowId,
      requestMaterialUpdate,
      [{ actor: updateActor(caller), fields: dto.fields, message: dto.message }],
      { path: 'fields', closed: 'The task is decided', ...this.limits(task) },
    );
    this.log.info({ taskId: id, caseId: task.caseId, stepId: task.stepId }, 'more material requested');
    return this.view(id);
  }

  /** A supervisor (of the task's department) or an administrator hands the task on; audited on the case. */
  async reassign(caller: Principal, id: string, dto: ReassignTaskDto): Promise<TaskView> {
    const task = await this.readModel.tasks.find(id);
    // Someone who may not supervise the task cannot tell whether it exists.
    if (!task || !supervises(caller, task.department)) {
      throw new ApiError(ApiErrorCode.NotFound, 'No such task', 'id');
    }
    const department = dto.toDepartment ?? task.department;
    if (dto.toDepartment) {
      if (!(await this.readModel.staff.isActiveDepartment(dto.toDepartment)))
        throw new ApiError(ApiErrorCode.ValidationFailed, 'No such active department', 'toDepartment');
    }
    if (dto.toAccountId) {
      if (!(await this.readModel.staff.isMember(dto.toAccountId, department))) {
        throw new ApiError(
          ApiErrorCode.ValidationFailed,
          `The person does not belong to ${department}`,
          'toAccountId',
        );
      }
    }
    await executeUpdate(
      this.temporal,
      task.workflowId,
      reassignTaskUpdate,
      [
        {
          actor: updateActor(caller),
          ...(dto.toDepartment ? { toDepartment: dto.toDepartment } : {}),
          ...(dto.toAccountId ? { toAccountId: dto.toAccountId } : {}),
          reason: dto.reason,
        },
      ],
      { path: 'reason', closed: 'The task is decided', ...this.limits(task) },
    );
    this.log.info({ taskId: id, caseId: task.caseId, to: department }, 'task reassigned');
    return this.view(id);
  }

  /** The task's step in the definition version its case is pinned to. */
  private async stepOf(task: TaskEntity): Promise<Step> {
    const row = await this.readModel.cases.get(task.caseId);
    const definition = await this.definitions.get(row);
    const step = definition?.steps.find((candidate) => candidate.id === task.stepId);
    if (!step) throw new ApiError(ApiErrorCode.NotFound, "The task's step is not in its definition", 'id');
    return step;
  }

  /** Validated like the applicant's form: an approval without a required output is refused at its path. */
  private checkOutputs(step: Step, dto: TaskDecisionDto): Record<string, unknown> {
    const checked = validateStepOutputs(step, dto.decision, dto.outputs, {
      today: new Date().toISOString().slice(0, 10),
    });
    if (checked.ok) return checked.data;
    const details = checked.errors.map((e) => ({
      code: e.code,
      message: e.message.en,
      path: e.path.join('.'),
    }));
    const first = details[0];
    throw new ApiError(ApiErrorCode.ValidationFailed, `${first.path}: ${first.message}`, first.path, details);
  }

  private limits(task: TaskEntity) {
    return {
      timeoutMs: this.config.temporal.updateTimeoutMs,
      subject: { caseId: task.caseId, taskId: task.id },
    };
  }

  async load(caller: Principal, id: string): Promise<TaskEntity> {
    const task = await this.readModel.tasks.find(id);
    if (!task) throw new ApiError(ApiErrorCode.NotFound, 'No such task', 'id');
    assertMayWorkTask(caller, task);
    return task;
  }
}

/** A read of a task's data: the names of the contract fields it holds, and the decision's reason if any. */
function taskAccess(caller: Principal, task: TaskEntity, resource: 'task' | 'worklist'): AccessRecord {
  return {
    ...departmentBasis(caller, task.department),
    caseId: task.caseId,
    resource: `${resource}:${task.stepId}`,
    fields: [...Object.keys(task.data), ...(task.decisionReason ? ['decisionReason'] : [])],
  };
}
