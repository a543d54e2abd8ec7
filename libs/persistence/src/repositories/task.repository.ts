import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { TaskStatus } from '@onething/case-model';
import { TaskEntity, type TaskPriority } from '../entities/task.entity';
import { keysetPage, type KeysetColumn, type KeysetResult } from './keyset';
import { SlaColumnsWriter, type SlaClock, type StepKey } from './sla-columns.repository';

/** Statuses in which a task still waits for its department. */
export const OPEN_TASK_STATUSES: TaskStatus[] = ['open', 'awaiting_material'];

export type TaskSlaState = 'breached' | 'paused' | 'due-soon';

export interface WorklistFilter {
  departments: string[];
  status?: TaskStatus;
  priority?: TaskPriority;
  assigneeAccountId?: string;
  sla?: TaskSlaState;
  caseId?: string;
  /** The sort key of the previous page's last task (`WORKLIST_ORDER`). */
  after?: string[];
  limit: number;
}

/** Urgent (escalated) work first, then whatever is due soonest (no due date last), oldest, id. */
export const WORKLIST_ORDER: KeysetColumn[] = [
  { sql: 't.priority', direction: 'DESC' },
  { sql: "COALESCE(t.due_at, 'infinity'::timestamptz)", direction: 'ASC' },
  { sql: 't.created_at', direction: 'ASC' },
  { sql: 't.id', direction: 'ASC' },
];

/** Tasks in one SLA state, as the task workflow recorded their clocks. */
function slaCondition(state: TaskSlaState): string {
  switch (state) {
    case 'breached':
      return 't.breached_at IS NOT NULL';
    case 'paused':
      return 't.sla_paused_at IS NOT NULL';
    case 'due-soon':
      return 't.due_soon_at <= now() AND t.breached_at IS NULL AND t.sla_paused_at IS NULL';
  }
}

function worklistQuery(rows: SelectQueryBuilder<TaskEntity>, filter: WorklistFilter) {
  rows.where('t.department IN (:...departments)', { departments: filter.departments });
  if (filter.status) rows.andWhere('t.status = :status', { status: filter.status });
  if (filter.priority) rows.andWhere('t.priority = :priority', { priority: filter.priority });
  if (filter.assigneeAccountId !== undefined)
    rows.andWhere('t.assignee_account_id = :assignee', { assignee: filter.assigneeAccountId });
  if (filter.sla) rows.andWhere(slaCondition(filter.sla));
  if (filter.caseId) rows.andWhere('t.case_id = :caseId', { caseId: filter.caseId });
  return rows;
}

/**
 * The department worklist read model: one task per case and manual step. Status changes are guarded
 * UPDATEs that say whether they moved (a repeated activity changes nothing twice).
 */
export class TaskRepository {
  private readonly sla: SlaColumnsWriter;

  constructor(private readonly manager: EntityManager) {
    this.sla = new SlaColumnsWriter(manager, TaskEntity);
  }

  private get rows() {
    return this.manager.getRepository(TaskEntity);
  }

  /** Opens the step's task unless it exists; `opened` says whether this call created it. */
  async openOnce(
    key: StepKey,
    task: { department: string; data: Record<string, unknown>; workflowId: string },
  ): Promise<{ task: TaskEntity; opened: boolean }> {
    const { caseId, stepId } = key;
    const inserted = await this.rows
      .createQueryBuilder()
      .insert()
      .values({ caseId, stepId, ...task, status: 'open', data: task.data as Record<string, never> })
      .orIgnore()
      .returning('id')
      .execute();
    const opened = (inserted.raw as unknown[]).length > 0;
    return { task: await this.rows.findOneByOrFail({ caseId, stepId }), opened };
  }

  find(id: string): Promise<TaskEntity | null> {
    return this.rows.findOneBy({ id });
  }

  get(id: string): Promise<TaskEntity> {
    return this.rows.findOneByOrFail({ id });
  }

  findByStep(key: StepKey): Promise<TaskEntity | null> {
    return this.rows.findOneBy({ caseId: key.caseId, stepId: key.stepId });
  }

  getByStep(key: StepKey): Promise<TaskEntity> {
    return this.rows.findOneByOrFail({ caseId: key.caseId, stepId: key.stepId });
  }

  /** Open → decided; false when the task was not open (already decided, or waiting for material). */
  async decide(
    key: StepKey,
    decision: { status: 'approved' | 'rejected'; reason: string | null; decidedBy: string | null },
  ): Promise<boolean> {
    const moved = await this.rows.update(
      { caseId: key.caseId, stepId: key.stepId, status: 'open' },
      {
        status: decision.status,
        decisionReason: decision.reason,
        decidedBy: decision.decidedBy,
        decidedAt: () => 'now()',
      },
    );
    return moved.affected === 1;
  }

  /** Open → awaiting material; false when it was not open. */
  async awaitMaterial(key: StepKey): Promise<boolean> {
    const moved = await this.rows.update(
      { caseId: key.caseId, stepId: key.stepId, status: 'open' },
      { status: 'awaiting_material' },
    );
    return moved.affected === 1;
  }

  /** The applicant's answer arrived: the task's data replaced, and a waiting task open again. */
  async answerMaterial(id: string, data: Record<string, unknown>): Promise<void> {
    await this.rows.update(
      { id },
      {
        data: data as Record<string, never>,
        status: () => `CASE WHEN status = 'awaiting_material' THEN 'open' ELSE status END`,
      },
    );
  }

  /** Closes the case's waiting tasks with the reason; returns the ids of those it closed. */
  async cancelOpen(caseId: string, reason: string): Promise<string[]> {
    const closed = await this.rows
      .createQueryBuilder()
      .update()
      .set({ status: 'cancelled', decisionReason: reason, decidedAt: () => 'now()' })
      .where('case_id = :caseId AND status IN (:...open)', { caseId, open: OPEN_TASK_STATUSES })
      .returning(['id'])
      .execute();
    return (closed.raw as { id: string }[]).map((row) => row.id);
  }

  /**
   * Closes these steps' waiting tasks as cancelled with the reason (a rejection decided the case). Returns
   * every task of those steps cancelled with that reason, this call or an earlier attempt of it, so a
   * retried activity still tells their departments (the notifications are idempotent).
   */
  async cancelSteps(caseId: string, stepIds: string[], reason: string): Promise<TaskEntity[]> {
    if (stepIds.length === 0) return [];
    await this.rows.update(
      { caseId, stepId: In(stepIds), status: In(OPEN_TASK_STATUSES) },
      { status: 'cancelled', decisionReason: reason, decidedAt: () => 'now()' },
    );
    return this.rows.find({
      where: { caseId, stepId: In(stepIds), status: 'cancelled', decisionReason: reason },
      order: { stepId: 'ASC' },
    });
  }

  /** Urgent, moved to `department`, unassigned; only the first escalation counts (false otherwise). */
  async escalate(key: StepKey, to: { department: string; escalatedTo: string }): Promise<boolean> {
    const moved = await this.rows
      .createQueryBuilder()
      .update()
      .set({
        priority: 'urgent',
        sla: { escalatedAt: () => 'now()' },
        escalatedTo: to.escalatedTo,
        department: to.department,
        assigneeAccountId: null,
      })
      .where('case_id = :caseId AND step_id = :stepId AND escalated_at IS NULL', {
        caseId: key.caseId,
        stepId: key.stepId,
      })
      .execute();
    return moved.affected === 1;
  }

  async reassign(id: string, to: { department: string; assigneeAccountId: string | null }): Promise<void> {
    await this.rows.update({ id }, to);
  }

  recordSla(key: StepKey, clock: SlaClock): Promise<void> {
    return this.sla.record(key, clock);
  }

  markBreached(key: StepKey): Promise<boolean> {
    return this.sla.markBreached(key);
  }

  /** One page of the departments' tasks (`WORKLIST_ORDER`), with the total. */
  worklist(filter: WorklistFilter): Promise<KeysetResult<TaskEntity>> {
    const rows = worklistQuery(this.rows.createQueryBuilder('t'), filter);
    return keysetPage(rows, WORKLIST_ORDER, { after: filter.after, limit: filter.limit, withTotal: true });
  }
}
