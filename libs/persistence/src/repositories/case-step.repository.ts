import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { In, type EntityManager } from 'typeorm';
import { CaseStepEntity } from '../entities/case-step.entity';
import { stepStatusesBefore, type StepStatus } from '@onething/case-model';
import { SlaColumnsWriter, type SlaClock, type StepKey } from './sla-columns.repository';
import { keysetPage, type KeysetColumn, type KeysetResult } from './keyset';

export type NewStep = Pick<CaseStepEntity, 'stepId' | 'department' | 'kind'>;

/** When a step started and ended (for its latency), with its department and kind. */
export type StepTiming = Pick<CaseStepEntity, 'department' | 'kind' | 'startedAt' | 'completedAt'>;

interface RawTiming {
  department: string;
  kind: 'auto' | 'manual';
  started_at: Date | null;
  completed_at: Date | null;
}

/** A failed call to the department, for the case view's "retrying (attempt N, last error …)". */
export interface FailedAttempt {
  attempt: number;
  code: string;
  message: string;
  /** Undefined: no retry comes (the step waits for an administrator). */
  retryInMs: number | undefined;
}

/** A failed step of an open case, with what pins its definition. */
export interface FailedStepRow {
  caseId: string;
  stepId: string;
  department: string;
  definitionKey: string;
  definitionVersion: number;
}

export interface TroubledStepsFilter {
  state: 'failed' | 'retrying';
  department?: string;
  /** Only these departments (a supervisor's); undefined: all. */
  departments?: readonly string[];
  /** The sort key of the previous page's last step (`TROUBLED_STEPS_ORDER`). */
  after?: string[];
  limit: number;
}

/** Oldest failure first (never failed yet: first of all); case and step id make the order total. */
export const TROUBLED_STEPS_ORDER: KeysetColumn[] = [
  { sql: "COALESCE(s.last_error_at, '-infinity'::timestamptz)", direction: 'ASC' },
  { sql: 's.case_id', direction: 'ASC' },
  { sql: 's.step_id', direction: 'ASC' },
];

const OPEN_CASE = `c.status IN ('submitted', 'in_progress')`;

/**
 * A case's steps (and pledges) in the order every view lists them: by id, compared code unit by code
 * unit, so the order is the same whatever collation the database was created with (ids mix cases and
 * underscores).
 */
export function byStepId(a: { stepId: string }, b: { stepId: string }): number {
  return a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : 0;
}

/**
 * The steps read model. A step's status moves only along its state machine (`stepTransitions`): every
 * move is one guarded UPDATE that says whether it moved, so a repeated activity changes nothing twice.
 */
export class CaseStepRepository {
  private readonly sla: SlaColumnsWriter;

  constructor(private readonly manager: EntityManager) {
    this.sla = new SlaColumnsWriter(manager, CaseStepEntity);
  }

  private get rows() {
    return this.manager.getRepository(CaseStepEntity);
  }

  /** The departments with a step in each case (cases without steps are absent). */
  async departmentsOfCases(caseIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const found = new Map<string, Set<string>>();
    if (caseIds.length === 0) return found;
    const rows = await this.rows
      .createQueryBuilder('s')
      .select(['s.case_id AS case_id', 's.department AS department'])
      .distinct(true)
      .where('s.case_id IN (:...caseIds)', { caseIds: [...new Set(caseIds)] })
      .getRawMany<{ case_id: string; department: string }>();
    for (const row of rows) {
      const departments = found.get(row.case_id) ?? new Set<string>();
      departments.add(row.department);
      found.set(row.case_id, departments);
    }
    return found;
  }

  /** The pending steps as stored, in `forCase`'s order, so the submission answers without reading them. */
  async insertPending(caseId: string, steps: NewStep[]): Promise<CaseStepEntity[]> {
    const entities = steps.map((step) =>
      this.rows.create({
        ...step,
        caseId,
        status: 'pending',
        reason: null,
        attempts: 0,
        attempt: null,
        lastErrorCode: null,
        lastError: null,
        lastErrorAt: null,
        nextRetryAt: null,
        startedAt: null,
        completedAt: null,
        sla: {
          dueDate: null,
          dueAt: null,
          dueSoonAt: null,
          slaPausedAt: null,
          breachedAt: null,
          escalatedAt: null,
        },
        outputs: null,
        compensatedAt: null,
      }),
    );
    if (entities.length > 0) await this.rows.insert(entities as QueryDeepPartialEntity<CaseStepEntity>[]);
    return entities.sort(byStepId);
  }

  async forCase(caseId: string): Promise<CaseStepEntity[]> {
    return (await this.rows.find({ where: { caseId } })).sort(byStepId);
  }

  /** Moves a step to `to` from any status allowed before it; false when it was already there. */
  async move(key: StepKey, to: StepStatus, reason: string | null): Promise<boolean> {
    if (to !== 'running') return (await this.decide(key, to, reason)) !== undefined;
    const moved = await this.rows.update(
      { caseId: key.caseId, stepId: key.stepId, status: In(stepStatusesBefore(to)) },
      {
        status: to,
        reason,
        startedAt: () => 'COALESCE(started_at, now())',
        attempts: () => 'attempts + 1',
        // A new run (an administrator's retry) starts counting its attempts afresh.
        attempt: null,
        nextRetryAt: null,
      },
    );
    return moved.affected === 1;
  }

  /**
   * Moves a step to a status after running (a decision, a cancellation) like `move`, and answers in the
   * same statement with its timing; undefined when it had already moved there.
   */
  async decide(key: StepKey, to: StepStatus, reason: string | null): Promise<StepTiming | undefined> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ status: to, reason, completedAt: () => 'now()', nextRetryAt: null })
      .where({ caseId: key.caseId, stepId: key.stepId, status: In(stepStatusesBefore(to)) })
      .returning(['department', 'kind', 'startedAt', 'completedAt'])
      .execute();
    const [row] = result.raw as RawTiming[];
    return (
      row && {
        department: row.department,
        kind: row.kind,
        startedAt: row.started_at,
        completedAt: row.completed_at,
      }
    );
  }

  /** When the step started and ended (for its latency), with its department and kind. */
  timing(key: StepKey): Promise<StepTiming | null> {
    return this.rows.findOne({
      where: { caseId: key.caseId, stepId: key.stepId },
      select: { department: true, kind: true, startedAt: true, completedAt: true },
    });
  }

  /** Keyed by attempt: a later attempt is never overwritten by an earlier one; only while running. */
  async recordFailedAttempt(key: StepKey, failure: FailedAttempt): Promise<void> {
    const delay = failure.retryInMs;
    await this.rows
      .createQueryBuilder()
      .update()
      .set({
        attempt: failure.attempt,
        lastErrorCode: failure.code,
        lastError: failure.message,
        lastErrorAt: () => 'now()',
        nextRetryAt: delay === undefined ? null : () => `now() + make_interval(secs => ${delay / 1000})`,
      })
      .where('case_id = :caseId AND step_id = :stepId AND status = :running', {
        caseId: key.caseId,
        stepId: key.stepId,
        running: 'running',
      })
      .andWhere('(attempt IS NULL OR attempt <= :attempt)', { attempt: failure.attempt })
      .execute();
  }

  /** The outputs of an approved step, stored with its decision (the same values when repeated). */
  async recordOutputs(key: StepKey, outputs: Record<string, unknown>): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .update()
      .set({ outputs: () => 'CAST(:outputs AS jsonb)' })
      .setParameter('outputs', JSON.stringify(outputs))
      .where('case_id = :caseId AND step_id = :stepId', { caseId: key.caseId, stepId: key.stepId })
      .execute();
  }

  /** Every recorded output of the case: step id → output id → value. */
  async outputsOf(caseId: string): Promise<Record<string, Record<string, unknown>>> {
    const rows = await this.rows.find({ where: { caseId }, select: { stepId: true, outputs: true } });
    return Object.fromEntries(
      rows.flatMap((row) => (row.outputs ? [[row.stepId, row.outputs] as const] : [])),
    );
  }

  /** Approved → compensated; false when it was not approved (already undone, or never done). */
  async markCompensated(key: StepKey): Promise<boolean> {
    const moved = await this.rows.update(
      { caseId: key.caseId, stepId: key.stepId, status: 'approved' },
      { status: 'compensated', compensatedAt: () => 'now()' },
    );
    return moved.affected === 1;
  }

  /** Every step of the case that may still be cancelled is, with the reason. */
  async cancelOpen(caseId: string, reason: string): Promise<void> {
    await this.rows.update(
      { caseId, status: In(stepStatusesBefore('cancelled')) },
      { status: 'cancelled', reason, completedAt: () => 'now()' },
    );
  }

  /**
   * These steps, if they may still be cancelled, are (a rejection decided the case), with the reason;
   * returns how many moved.
   */
  async cancelSteps(caseId: string, stepIds: string[], reason: string): Promise<number> {
    if (stepIds.length === 0) return 0;
    const moved = await this.rows.update(
      { caseId, stepId: In(stepIds), status: In(stepStatusesBefore('cancelled')) },
      { status: 'cancelled', reason, completedAt: () => 'now()' },
    );
    return moved.affected ?? 0;
  }

  recordSla(key: StepKey, clock: SlaClock): Promise<void> {
    return this.sla.record(key, clock);
  }

  markBreached(key: StepKey): Promise<boolean> {
    return this.sla.markBreached(key);
  }

  /** The first escalation time is kept. */
  async markEscalated(key: StepKey): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .update()
      .set({ sla: { escalatedAt: () => 'COALESCE(escalated_at, now())' } })
      .where('case_id = :caseId AND step_id = :stepId', { caseId: key.caseId, stepId: key.stepId })
      .execute();
  }

  /** Steps of open cases that failed, or are retrying their department; oldest failure first. */
  troubled(filter: TroubledStepsFilter): Promise<KeysetResult<CaseStepEntity>> {
    const rows = this.rows.createQueryBuilder('s').innerJoin('s.case', 'c').where(OPEN_CASE);
    if (filter.state === 'failed') rows.andWhere(`s.status = 'failed'`);
    else rows.andWhere(`s.status = 'running' AND s.next_retry_at IS NOT NULL`);
    if (filter.department !== undefined) rows.andWhere('s.department = :department', filter);
    if (filter.departments !== undefined) {
      rows.andWhere('s.department IN (:...departments)', { departments: ['', ...filter.departments] });
    }
    return keysetPage(rows, TROUBLED_STEPS_ORDER, {
      after: filter.after,
      limit: filter.limit,
      withTotal: true,
    });
  }

  /** Failed steps of open cases, oldest first, at most `limit`. */
  failed(filter: {
    department?: string;
    departments?: readonly string[];
    limit: number;
  }): Promise<FailedStepRow[]> {
    const query = this.rows
      .createQueryBuilder('s')
      .innerJoin('s.case', 'c')
      .select([
        's.case_id AS "caseId"',
        's.step_id AS "stepId"',
        's.department AS "department"',
        'c.definition_key AS "definitionKey"',
        'c.definition_version AS "definitionVersion"',
      ])
      .where(`s.status = 'failed'`)
      .andWhere(OPEN_CASE)
      .orderBy('s.completed_at', 'ASC')
      .limit(filter.limit);
    if (filter.department !== undefined) query.andWhere('s.department = :department', filter);
    if (filter.departments !== undefined) {
      query.andWhere('s.department IN (:...departments)', { departments: ['', ...filter.departments] });
    }
    return query.getRawMany<FailedStepRow>();
  }
}
