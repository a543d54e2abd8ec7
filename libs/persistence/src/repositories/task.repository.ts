import { In, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { TaskStatus } from '@onething/case-model';
import { AccountEntity } from '../entities/identity.entities';
import { TaskEntity, type TaskPriority } from '../entities/task.entity';
import { keysetLastKey, keysetPrepare, type KeysetColumn } from './keyset';
import { entitiesFromRaw } from './raw-entities';
import { SlaColumnsWriter, type SlaClock, type StepKey } from './sla-columns.repository';

/** Statuses in which a task still waits for its department. */
export const OPEN_TASK_STATUSES: TaskStatus[] = ['open', 'awaiting_material'];

export type TaskSlaState = 'breached' | 'paused' | 'due-soon';

export type WorklistSort = 'due' | 'created';

export interface WorklistFilter {
  departments: string[];
  status?: TaskStatus;
  priority?: TaskPriority;
  /** An account: the tasks it holds; null: the tasks nobody holds. */
  assigneeAccountId?: string | null;
  sla?: TaskSlaState;
  caseId?: string;
  /** Only tasks due before this instant. */
  dueBefore?: Date;
  /** Only tasks of cases of this one-thing (definition key). */
  definitionKey?: string;
  /** Only tasks of cases submitted at or after this instant. */
  submittedFrom?: Date;
  /** Only tasks of cases submitted before this instant. */
  submittedBefore?: Date;
  sort: WorklistSort;
  /** The sort key of the previous page's last task (`WORKLIST_ORDER[sort]`): the page starts after it. */
  after?: string[];
  limit: number;
}

/** Only departments and a status: the total is a counter read; any other filter is counted. */
function isNarrowed(filter: WorklistFilter): boolean {
  const { priority, assigneeAccountId, sla, caseId, dueBefore } = filter;
  const { definitionKey, submittedFrom, submittedBefore } = filter;
  return [
    priority,
    assigneeAccountId,
    sla,
    caseId,
    dueBefore,
    definitionKey,
    submittedFrom,
    submittedBefore,
  ].some((value) => value !== undefined);
}

export interface WorklistPage {
  rows: TaskEntity[];
  /** The sort key of the page's last task when more follow, else null. */
  lastKey: string[] | null;
  /** Display names of the page's holders, by account id. */
  holderNames: Map<string, string>;
  total: WorklistTotal;
}

/** A page's count: exact, or (when counting would cost more than the page) a lower bound. */
export type WorklistTotal = { exact: number } | { atLeast: number };

/** Counting a filtered worklist stops here: beyond it the answer is "at least this many". */
export const WORKLIST_COUNT_CAP = 1000;

/** Who holds a task (within its department) may move only as `expect` says. */
export type HolderChange =
  | { kind: 'claim'; accountId: string }
  | { kind: 'release'; heldBy: string | null }
  | { kind: 'assign'; accountId: string };

/**
 * The worklist's keyset orders, all ascending (so a cursor is one row comparison), exactly the column
 * orders of `tasks_worklist_idx` and `tasks_worklist_created_idx` after (department, status).
 */
export const WORKLIST_ORDER: Record<WorklistSort, KeysetColumn[]> = {
  due: ['urgency', 'due_key', 'created_at', 'id'].map((key) => ({ sql: `t.${key}`, direction: 'ASC' })),
  created: ['created_at', 'id'].map((key) => ({ sql: `t.${key}`, direction: 'ASC' })),
};

/** A capped count as the page says it: exact up to the cap, "at least" beyond. */
function cappedTotal(tasks: number): WorklistTotal {
  return tasks > WORKLIST_COUNT_CAP ? { atLeast: WORKLIST_COUNT_CAP } : { exact: tasks };
}

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

/** The filters on a task's case (its one-thing, when it was submitted), as one condition on `cases c`. */
function caseCondition(filter: WorklistFilter): string | undefined {
  const conditions = [
    filter.definitionKey !== undefined ? 'c.definition_key = :definitionKey' : undefined,
    filter.submittedFrom !== undefined ? 'c.submitted_at >= :submittedFrom' : undefined,
    filter.submittedBefore !== undefined ? 'c.submitted_at < :submittedBefore' : undefined,
  ].filter((condition) => condition !== undefined);
  return conditions.length > 0 ? conditions.join(' AND ') : undefined;
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
        claimedAt: null,
      })
      .where('case_id = :caseId AND step_id = :stepId AND escalated_at IS NULL', {
        caseId: key.caseId,
        stepId: key.stepId,
      })
      .execute();
    return moved.affected === 1;
  }

  async reassign(id: string, to: { department: string; assigneeAccountId: string | null }): Promise<void> {
    await this.rows.update(
      { id },
      { ...to, claimedAt: to.assigneeAccountId === null ? null : () => 'now()' },
    );
  }

  recordSla(key: StepKey, clock: SlaClock): Promise<void> {
    return this.sla.record(key, clock);
  }

  markBreached(key: StepKey): Promise<boolean> {
    return this.sla.markBreached(key);
  }

  /**
   * One page of the departments' tasks in the sort order (`due`: urgent first, then due soonest, then
   * oldest), after the cursor's task, with each holder's display name and the total, in one round trip
   * when the total is a counter's. Served by `tasks_worklist_idx` for one department and status.
   */
  async worklist(filter: WorklistFilter): Promise<WorklistPage> {
    const order = WORKLIST_ORDER[filter.sort];
    const page = this.filtered(filter)
      .leftJoin(AccountEntity, 'holder', 'holder.id = t.assignee_account_id')
      .addSelect('holder.display_name', 'holder_name');
    // The total rides on the page's own statement (one round trip): a counter's, or a capped count.
    const counted = !isNarrowed(filter);
    const count = counted ? this.countsQuery(filter) : this.cappedCountQuery(filter);
    page.addSelect(`(${count.getQuery()})`, 'page_total');
    const request = { after: filter.after, limit: filter.limit };
    const raw = await keysetPrepare(page, order, request).getRawMany<
      Record<string, string> & { t_id: string; holder_name: string | null; page_total: string }
    >();
    const rows = entitiesFromRaw(this.manager, TaskEntity, 't', raw.slice(0, filter.limit));
    const names = new Map(
      raw.flatMap((row) => (row.holder_name ? [[row.t_id, row.holder_name] as const] : [])),
    );
    const holderNames = new Map(
      rows.flatMap((task) => {
        const name = names.get(task.id);
        return task.assigneeAccountId && name ? [[task.assigneeAccountId, name] as const] : [];
      }),
    );
    const total: WorklistTotal =
      raw.length === 0
        ? await (counted ? this.countedTotal(filter) : this.cappedCount(filter))
        : counted
          ? { exact: Number(raw[0].page_total) }
          : cappedTotal(Number(raw[0].page_total));
    return { rows, lastKey: keysetLastKey(order, raw, request), holderNames, total };
  }

  /** The departments' tasks (in one status), from `task_counts`: kept exact by a trigger. */
  private countsQuery(filter: WorklistFilter): SelectQueryBuilder<ObjectLiteral> {
    const counts = this.manager
      .createQueryBuilder()
      .select('COALESCE(sum(c.tasks), 0)')
      .from('task_counts', 'c')
      .where('c.department IN (:...departments)', { departments: filter.departments });
    if (filter.status) counts.andWhere('c.status = :status', { status: filter.status });
    return counts;
  }

  private async countedTotal(filter: WorklistFilter): Promise<WorklistTotal> {
    const counted = await this.countsQuery(filter).select('COALESCE(sum(c.tasks), 0)', 'tasks').getRawOne<{
      tasks: string;
    }>();
    return { exact: Number(counted?.tasks ?? 0) };
  }

  /** Any other filter is counted, up to WORKLIST_COUNT_CAP. */
  private async cappedCount(filter: WorklistFilter): Promise<WorklistTotal> {
    const counted = await this.cappedCountQuery(filter).getRawOne<{ tasks: string }>();
    return cappedTotal(Number(counted?.tasks ?? 0));
  }

  /** The filtered tasks counted up to one beyond WORKLIST_COUNT_CAP (its own parameters, the page's names). */
  private cappedCountQuery(filter: WorklistFilter): SelectQueryBuilder<ObjectLiteral> {
    const capped = this.filtered(filter)
      .select('1')
      .limit(WORKLIST_COUNT_CAP + 1);
    return this.manager
      .createQueryBuilder()
      .select('count(*)', 'tasks')
      .from(`(${capped.getQuery()})`, 'capped')
      .setParameters(capped.getParameters());
  }

  private filtered(filter: WorklistFilter): SelectQueryBuilder<TaskEntity> {
    const query = this.rows
      .createQueryBuilder('t')
      .where('t.department IN (:...departments)', { departments: filter.departments });
    if (filter.status) query.andWhere('t.status = :status', { status: filter.status });
    if (filter.priority) query.andWhere('t.priority = :priority', { priority: filter.priority });
    if (filter.assigneeAccountId === null) query.andWhere('t.assignee_account_id IS NULL');
    else if (filter.assigneeAccountId !== undefined) {
      query.andWhere('t.assignee_account_id = :assignee', { assignee: filter.assigneeAccountId });
    }
    if (filter.sla) query.andWhere(slaCondition(filter.sla));
    if (filter.caseId) query.andWhere('t.case_id = :caseId', { caseId: filter.caseId });
    if (filter.dueBefore) query.andWhere('t.due_at < :dueBefore', { dueBefore: filter.dueBefore });
    const ofCase = caseCondition(filter);
    if (ofCase) {
      const { definitionKey, submittedFrom, submittedBefore } = filter;
      query.andWhere(`EXISTS (SELECT 1 FROM cases c WHERE c.id = t.case_id AND ${ofCase})`, {
        definitionKey,
        submittedFrom,
        submittedBefore,
      });
    }
    return query;
  }

  /**
   * Moves who holds a waiting task of one of `departments`, in one guarded UPDATE: a claim only takes a
   * task nobody holds, a release only lets go of the expected holder's. Returns the task when it moved,
   * null when the guard refused (the caller reads the row to say why).
   */
  async moveHolder(id: string, departments: string[], change: HolderChange): Promise<TaskEntity | null> {
    const to = change.kind === 'release' ? null : change.accountId;
    const query = this.rows
      .createQueryBuilder()
      .update()
      .set({ assigneeAccountId: to, claimedAt: to === null ? null : () => 'now()' })
      .where('id = :id AND department IN (:...departments) AND status IN (:...open)', {
        id,
        departments,
        open: OPEN_TASK_STATUSES,
      })
      .andWhere('assignee_account_id IS DISTINCT FROM :to', { to });
    if (change.kind === 'claim') query.andWhere('assignee_account_id IS NULL');
    if (change.kind === 'release' && change.heldBy !== null) {
      query.andWhere('assignee_account_id = :heldBy', { heldBy: change.heldBy });
    }
    const moved = await query.returning(['id']).execute();
    return (moved.raw as unknown[]).length === 1 ? this.get(id) : null;
  }
}
