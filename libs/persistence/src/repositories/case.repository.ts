import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { caseStatusesBefore, type CaseResultSummary, type CaseStatus } from '@onething/case-model';
import { CaseEntity } from '../entities/case.entity';
import { keysetPage, type KeysetColumn, type KeysetResult } from './keyset';

export type NewCase = Pick<
  CaseEntity,
  | 'id'
  | 'definitionKey'
  | 'definitionVersion'
  | 'application'
  | 'workflowId'
  | 'applicantAccountId'
  | 'submittedByAccountId'
  | 'submissionConsent'
> &
  /** Defaults to the insert's time; given when the submission decided something at its own instant. */
  Partial<Pick<CaseEntity, 'submittedAt'>>;

/** Whose cases a list shows: one applicant's, one submitter's, or those with a step in the departments. */
export type CaseOwnerFilter =
  { applicantAccountId: string } | { submittedByAccountId: string } | { departments: readonly string[] };

/** A case's commitment (承诺时限) as lists filter it; cases without one match none of these. */
export type CommitmentState = 'on-time' | 'due-soon' | 'breached';

export interface CaseCommitmentClock {
  dueDate: string;
  dueAt: Date;
  dueSoonAt: Date;
}

export interface CaseListFilter {
  /** Undefined: every case (oversight). */
  owner?: CaseOwnerFilter;
  status?: CaseStatus;
  definitionKey?: string;
  /** Cases with at least one step in this status. */
  stepStatus?: string;
  /** Cases whose commitment is in this state now (`breached`: recorded, or open and past its due time). */
  commitment?: CommitmentState;
  /** The sort key of the previous page's last case (`CASE_LIST_ORDER`). */
  after?: string[];
  limit: number;
}

/** Newest first; the id breaks ties (index `cases_keyset`). */
export const CASE_LIST_ORDER: KeysetColumn[] = [
  { sql: 'c.submitted_at', direction: 'DESC' },
  { sql: 'c.id', direction: 'DESC' },
];

/** Monitoring: cases with a commitment of one definition, by the state of their commitment now. */
export interface CommitmentSummaryRow {
  definitionKey: string;
  onTime: number;
  dueSoon: number;
  /** Open and past their commitment (recorded or not yet). */
  breachedOpen: number;
  /** Closed after their commitment had passed. */
  breachedClosed: number;
  /** Closed within their commitment. */
  met: number;
}

/** The cases read model: a case's status moves only along its state machine (see `caseTransitions`). */
export class CaseRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(CaseEntity);
  }

  /**
   * The case row as stored, every column as a read would give it (the database's defaults come back
   * with the insert), so the submission answers without reading it again.
   */
  async insertSubmitted(row: NewCase): Promise<CaseEntity> {
    const entity = this.rows.create({
      ...row,
      status: 'submitted',
      // TypeORM's deep-partial type cannot express arbitrary JSON values; the column is jsonb.
      application: row.application as Record<string, never>,
      submissionConsent: row.submissionConsent as Record<string, never> | null,
      result: null,
      completedAt: null,
      commitmentDueDate: null,
      commitmentDueAt: null,
      commitmentDueSoonAt: null,
      commitmentBreachedAt: null,
    });
    // Inserting the entity itself fills in what the database generated (submitted_at, updated_at).
    await this.rows.insert(entity as QueryDeepPartialEntity<CaseEntity>);
    return entity;
  }

  /** A proactive case (免申即享): the event's prefill as its application, waiting for the person. */
  async insertAwaitingConfirmation(row: NewCase): Promise<void> {
    await this.rows.insert({
      ...row,
      status: 'awaiting_confirmation',
      application: row.application as Record<string, never>,
      submissionConsent: row.submissionConsent as Record<string, never> | null,
      result: null,
      completedAt: null,
    });
  }

  /**
   * The person confirmed a proactive case: its complete application, submitted now; false when it is no
   * longer awaiting confirmation (declined, expired, or confirmed by a concurrent request).
   */
  async confirm(id: string, application: Record<string, unknown>, submittedAt: Date): Promise<boolean> {
    const moved = await this.rows.update(
      { id, status: In(caseStatusesBefore('submitted')) },
      { status: 'submitted', application: application as Record<string, never>, submittedAt },
    );
    return moved.affected === 1;
  }

  /** An unconfirmed proactive case closes: declined by the person or expired; false when it had moved. */
  async closeUnconfirmed(id: string, to: 'declined' | 'expired'): Promise<boolean> {
    return this.move(id, to, { completedAt: () => 'now()' });
  }

  find(id: string): Promise<CaseEntity | null> {
    return this.rows.findOneBy({ id });
  }

  get(id: string): Promise<CaseEntity> {
    return this.rows.findOneByOrFail({ id });
  }

  /** The applicant's answers (personal data: never logged, never sent to Temporal in the clear). */
  async application(id: string): Promise<Record<string, unknown>> {
    const row = await this.rows.findOneOrFail({ where: { id }, select: { id: true, application: true } });
    return row.application;
  }

  async replaceApplication(id: string, application: Record<string, unknown>): Promise<void> {
    await this.rows.update({ id }, { application: application as Record<string, never> });
  }

  /** Submitted → in progress; false when it already moved on. */
  async markInProgress(id: string): Promise<boolean> {
    return this.move(id, 'in_progress', {});
  }

  /** Stores the merged result with its final status; false when the case had already ended. */
  async complete(id: string, result: CaseResultSummary): Promise<boolean> {
    return this.move(id, result.decision, { result, completedAt: () => 'now()' });
  }

  /** The commitment's clock, as the case workflow computed it from the submission; idempotent. */
  async recordCommitment(id: string, clock: CaseCommitmentClock): Promise<void> {
    await this.rows.update(
      { id },
      {
        commitmentDueDate: clock.dueDate,
        commitmentDueAt: clock.dueAt,
        commitmentDueSoonAt: clock.dueSoonAt,
      },
    );
  }

  /** Records the breach once; false when it was already recorded (so its event is written once). */
  async markCommitmentBreached(id: string): Promise<boolean> {
    const marked = await this.rows
      .createQueryBuilder()
      .update()
      .set({ commitmentBreachedAt: () => 'now()' })
      .where('id = :id AND commitment_breached_at IS NULL', { id })
      .execute();
    return marked.affected === 1;
  }

  /** Per definition, how its cases with a commitment stand now (monitoring). */
  async commitmentSummary(): Promise<CommitmentSummaryRow[]> {
    const rows: Record<string, string>[] = await this.manager.query(`
      SELECT definition_key,
        count(*) FILTER (WHERE completed_at IS NULL AND commitment_breached_at IS NULL
          AND commitment_due_soon_at > now()) AS on_time,
        count(*) FILTER (WHERE completed_at IS NULL AND commitment_breached_at IS NULL
          AND commitment_due_soon_at <= now() AND commitment_due_at > now()) AS due_soon,
        count(*) FILTER (WHERE completed_at IS NULL AND (commitment_breached_at IS NOT NULL
          OR commitment_due_at <= now())) AS breached_open,
        count(*) FILTER (WHERE completed_at IS NOT NULL AND commitment_breached_at IS NOT NULL) AS breached_closed,
        count(*) FILTER (WHERE completed_at IS NOT NULL AND commitment_breached_at IS NULL) AS met
      FROM cases WHERE commitment_due_at IS NOT NULL
      GROUP BY definition_key ORDER BY definition_key`);
    return rows.map((row) => ({
      definitionKey: row['definition_key'],
      onTime: Number(row['on_time']),
      dueSoon: Number(row['due_soon']),
      breachedOpen: Number(row['breached_open']),
      breachedClosed: Number(row['breached_closed']),
      met: Number(row['met']),
    }));
  }

  private async move(
    id: string,
    to: CaseStatus,
    values: Partial<Pick<CaseEntity, 'result'>> & { completedAt?: () => string },
  ): Promise<boolean> {
    const moved = await this.rows.update(
      { id, status: In(caseStatusesBefore(to)) },
      { status: to, ...values },
    );
    return moved.affected === 1;
  }

  /** One page of cases (without their steps), newest first, with the total. */
  list(filter: CaseListFilter): Promise<KeysetResult<CaseEntity>> {
    const rows = this.rows.createQueryBuilder('c');
    const owner = filter.owner ?? {};
    if ('applicantAccountId' in owner)
      rows.where('c.applicant_account_id = :id', { id: owner.applicantAccountId });
    if ('submittedByAccountId' in owner)
      rows.where('c.submitted_by_account_id = :id', { id: owner.submittedByAccountId });
    if ('departments' in owner) {
      rows.where(
        'EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = c.id AND s.department IN (:...departments))',
        { departments: owner.departments },
      );
    }
    if (filter.status) rows.andWhere('c.status = :status', { status: filter.status });
    if (filter.definitionKey) rows.andWhere('c.definition_key = :key', { key: filter.definitionKey });
    if (filter.stepStatus) {
      rows.andWhere('EXISTS (SELECT 1 FROM case_steps f WHERE f.case_id = c.id AND f.status = :stepStatus)', {
        stepStatus: filter.stepStatus,
      });
    }
    if (filter.commitment) whereCommitment(rows, filter.commitment);
    return keysetPage(rows, CASE_LIST_ORDER, { after: filter.after, limit: filter.limit, withTotal: true });
  }
}

/**
 * A breach the workflow has not recorded yet (its timer fires at the due time) still counts for an open
 * case; a closed case keeps the state it closed in.
 */
function whereCommitment(rows: SelectQueryBuilder<CaseEntity>, state: CommitmentState): void {
  const open = `c.completed_at IS NULL`;
  const breached = `(c.commitment_breached_at IS NOT NULL OR (${open} AND c.commitment_due_at <= now()))`;
  switch (state) {
    case 'breached':
      rows.andWhere(breached);
      break;
    case 'due-soon':
      rows.andWhere(`NOT ${breached} AND ${open} AND c.commitment_due_soon_at <= now()`);
      break;
    case 'on-time':
      rows.andWhere(
        `c.commitment_due_at IS NOT NULL AND NOT ${breached} AND (NOT ${open} OR c.commitment_due_soon_at > now())`,
      );
      break;
  }
}
