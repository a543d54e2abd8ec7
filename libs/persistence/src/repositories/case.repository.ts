import { In, type EntityManager } from 'typeorm';
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
>;

/** Whose cases a list shows: one applicant's, one submitter's, or those with a step in the departments. */
export type CaseOwnerFilter =
  { applicantAccountId: string } | { submittedByAccountId: string } | { departments: readonly string[] };

export interface CaseListFilter {
  /** Undefined: every case (oversight). */
  owner?: CaseOwnerFilter;
  status?: CaseStatus;
  definitionKey?: string;
  /** Cases with at least one step in this status. */
  stepStatus?: string;
  /** The sort key of the previous page's last case (`CASE_LIST_ORDER`). */
  after?: string[];
  limit: number;
}

/** Newest first; the id breaks ties (index `cases_keyset`). */
export const CASE_LIST_ORDER: KeysetColumn[] = [
  { sql: 'c.submitted_at', direction: 'DESC' },
  { sql: 'c.id', direction: 'DESC' },
];

/** The cases read model: a case's status moves only along its state machine (see `caseTransitions`). */
export class CaseRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(CaseEntity);
  }

  async insertSubmitted(row: NewCase): Promise<void> {
    await this.rows.insert({
      ...row,
      status: 'submitted',
      // TypeORM's deep-partial insert type cannot express arbitrary JSON values; the column is jsonb.
      application: row.application as Record<string, never>,
      submissionConsent: row.submissionConsent as Record<string, never> | null,
      result: null,
      completedAt: null,
    });
  }

  find(id: string): Promise<CaseEntity | null> {
    return this.rows.findOneBy({ id });
  }

  get(id: string): Promise<CaseEntity> {
    return this.rows.findOneByOrFail({ id });
  }

  /** The applicant's answers (personal data: never logged, never sent to Temporal in the clear). */
  async application(id: string): Promise<Record<string, unknown>> {
    return (await this.get(id)).application;
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
    return keysetPage(rows, CASE_LIST_ORDER, { after: filter.after, limit: filter.limit, withTotal: true });
  }
}
