import type { EntityManager } from 'typeorm';
import type { CaseStatus } from '@onething/case-model';

// Aggregates for the operations view: counts and daily series over the read model, never personal data
// (ids, department codes, dates and counts only).

export interface CaseCountRow {
  definitionKey: string;
  status: CaseStatus;
  count: number;
}

export interface DepartmentCountRow {
  department: string;
  count: number;
}

/** A step of an open case whose working-day clock ran out (its task is overdue). */
export interface BreachedStepRow {
  caseId: string;
  stepId: string;
  department: string;
  definitionKey: string;
  dueDate: string | null;
  breachedAt: Date;
}

/** One department on one day (in `timeZone`): what was open at the day's end, what settled that day. */
export interface DepartmentDayRow {
  day: string;
  department: string;
  /** Steps started and not yet settled at the end of the day. */
  backlog: number;
  /** Steps decided (approved or rejected) during the day. */
  completed: number;
  /** Mean time from start to decision of the steps decided that day, in seconds (null: none decided). */
  meanCycleSeconds: number | null;
}

export class OperationsRepository {
  constructor(private readonly manager: EntityManager) {}

  async casesByDefinitionAndStatus(): Promise<CaseCountRow[]> {
    const rows: { definition_key: string; status: CaseStatus; count: string }[] = await this.manager.query(
      `SELECT definition_key, status, count(*) AS count FROM cases
       GROUP BY definition_key, status ORDER BY definition_key, status`,
    );
    return rows.map((row) => ({
      definitionKey: row.definition_key,
      status: row.status,
      count: Number(row.count),
    }));
  }

  /** Steps of open cases waiting for an administrator's retry, per department. */
  async failedStepsByDepartment(): Promise<DepartmentCountRow[]> {
    return this.countByDepartment(`s.status = 'failed'`);
  }

  /** Overdue steps still being worked, per department. */
  async breachedStepsByDepartment(): Promise<DepartmentCountRow[]> {
    return this.countByDepartment(`s.status IN ('pending', 'running') AND s.breached_at IS NOT NULL`);
  }

  /** The overdue steps still being worked, longest overdue first. */
  async breachedSteps(limit: number): Promise<BreachedStepRow[]> {
    const rows: {
      case_id: string;
      step_id: string;
      department: string;
      definition_key: string;
      due_date: string | null;
      breached_at: Date;
    }[] = await this.manager.query(
      `SELECT s.case_id, s.step_id, s.department, c.definition_key, s.due_date::text AS due_date, s.breached_at
       FROM case_steps s JOIN cases c ON c.id = s.case_id
       WHERE c.completed_at IS NULL AND s.status IN ('pending', 'running') AND s.breached_at IS NOT NULL
       ORDER BY s.breached_at, s.case_id, s.step_id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      caseId: row.case_id,
      stepId: row.step_id,
      department: row.department,
      definitionKey: row.definition_key,
      dueDate: row.due_date,
      breachedAt: row.breached_at,
    }));
  }

  /**
   * For each of the last `days` days (today included, in `timeZone`) and each department with a step
   * open or settled in that window: backlog at the day's end, steps settled and their mean cycle time.
   */
  async departmentDays(days: number, timeZone: string): Promise<DepartmentDayRow[]> {
    const rows: {
      day: string;
      department: string;
      backlog: string;
      completed: string;
      mean_cycle_seconds: string | null;
    }[] = await this.manager.query(
      `WITH days AS (
         SELECT d::date AS day,
                d::date::timestamp AT TIME ZONE $2 AS day_start,
                (d::date + 1)::timestamp AT TIME ZONE $2 AS day_end
         FROM generate_series((now() AT TIME ZONE $2)::date - ($1::int - 1),
                              (now() AT TIME ZONE $2)::date, interval '1 day') AS d
       ), window_steps AS (
         -- A failed step waits for a retry and a retried one runs again: open, whatever completed_at says.
         SELECT department, started_at,
                CASE WHEN status IN ('pending', 'running', 'failed') THEN NULL ELSE completed_at END AS settled_at,
                status IN ('approved', 'rejected', 'compensated') AS decided
         FROM case_steps
         WHERE started_at IS NOT NULL AND started_at < (SELECT max(day_end) FROM days)
       )
       SELECT to_char(days.day, 'YYYY-MM-DD') AS day, s.department,
         count(*) FILTER (WHERE s.started_at < days.day_end
           AND (s.settled_at IS NULL OR s.settled_at >= days.day_end)) AS backlog,
         count(*) FILTER (WHERE s.decided
           AND s.settled_at >= days.day_start AND s.settled_at < days.day_end) AS completed,
         avg(extract(epoch FROM s.settled_at - s.started_at)) FILTER (WHERE s.decided
           AND s.settled_at >= days.day_start AND s.settled_at < days.day_end) AS mean_cycle_seconds
       FROM days CROSS JOIN window_steps s
       WHERE s.settled_at IS NULL OR s.settled_at >= (SELECT min(day_start) FROM days)
       GROUP BY days.day, s.department ORDER BY days.day, s.department`,
      [days, timeZone],
    );
    return rows.map((row) => ({
      day: row.day,
      department: row.department,
      backlog: Number(row.backlog),
      completed: Number(row.completed),
      meanCycleSeconds: row.mean_cycle_seconds === null ? null : Number(row.mean_cycle_seconds),
    }));
  }

  private async countByDepartment(condition: string): Promise<DepartmentCountRow[]> {
    const rows: { department: string; count: string }[] = await this.manager.query(
      `SELECT s.department, count(*) AS count FROM case_steps s JOIN cases c ON c.id = s.case_id
       WHERE c.completed_at IS NULL AND ${condition}
       GROUP BY s.department ORDER BY s.department`,
    );
    return rows.map((row) => ({ department: row.department, count: Number(row.count) }));
  }
}
