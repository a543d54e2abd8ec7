import type { EntityManager } from 'typeorm';

/** How far the cases submitted since a moment have come: stored, auto steps ended, department tasks opened. */
export interface BurstProgress {
  cases: number;
  autoStepsDone: number;
  tasksOpened: number;
}

/** One case of the burst: when its department task opened and when its last auto step ended (null: not yet). */
export interface CaseTimeline {
  caseId: string;
  taskOpenedAt: Date | null;
  autoDoneAt: Date | null;
}

/** Bench-only reads of the read model and of PostgreSQL's own sizes, for bench/burst.ts. */
export class BurstRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The whole database on disk (every schema, the catalog), in bytes. */
  async databaseBytes(): Promise<number> {
    const [row] = await this.manager.query<{ bytes: string }[]>(
      `SELECT pg_database_size(current_database()) AS bytes`,
    );
    return Number(row.bytes);
  }

  /** The tables of one schema with their indexes and TOAST, in bytes: what the cases themselves take. */
  async schemaBytes(schema: string): Promise<number> {
    const [row] = await this.manager.query<{ bytes: string | null }[]>(
      `SELECT sum(pg_total_relation_size(c.oid)) AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm')`,
      [schema],
    );
    return Number(row.bytes ?? 0);
  }

  /** Progress of the cases of `definitionKey` submitted at or after `since` (polled while a burst drains). */
  async progress(definitionKey: string, since: Date): Promise<BurstProgress> {
    const [row] = await this.manager.query<{ cases: string; auto_done: string; tasks: string }[]>(
      `WITH recent AS (SELECT id FROM cases WHERE definition_key = $1 AND submitted_at >= $2)
       SELECT (SELECT count(*) FROM recent) AS cases,
              (SELECT count(*) FROM case_steps s JOIN recent r ON r.id = s.case_id
                WHERE s.kind = 'auto' AND s.completed_at IS NOT NULL) AS auto_done,
              (SELECT count(*) FROM tasks t JOIN recent r ON r.id = t.case_id) AS tasks`,
      [definitionKey, since],
    );
    return { cases: Number(row.cases), autoStepsDone: Number(row.auto_done), tasksOpened: Number(row.tasks) };
  }

  /** For each case: when its first department task opened, and when all its auto steps had ended. */
  async timelines(caseIds: string[]): Promise<CaseTimeline[]> {
    const rows = await this.manager.query<
      { case_id: string; task_opened_at: Date | null; auto_done_at: Date | null }[]
    >(
      `SELECT c.id AS case_id,
              (SELECT min(t.created_at) FROM tasks t WHERE t.case_id = c.id) AS task_opened_at,
              (SELECT CASE WHEN bool_and(s.completed_at IS NOT NULL) THEN max(s.completed_at) END
                 FROM case_steps s WHERE s.case_id = c.id AND s.kind = 'auto') AS auto_done_at
       FROM cases c WHERE c.id = ANY($1::uuid[])`,
      [caseIds],
    );
    return rows.map((row) => ({
      caseId: row.case_id,
      taskOpenedAt: row.task_opened_at,
      autoDoneAt: row.auto_done_at,
    }));
  }
}
