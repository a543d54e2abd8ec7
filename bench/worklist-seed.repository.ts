import type { EntityManager } from 'typeorm';

/** A department in the benchmark: its code and how many open tasks to load into it. */
export interface SeededDepartment {
  code: string;
  tasks: number;
}

/**
 * Bench-only bulk loading of the worklist (generate_series, one statement per department), and the
 * worklist's queries as they were before keyset pages and the worklist index, for the side-by-side.
 */
export class WorklistSeedRepository {
  constructor(private readonly manager: EntityManager) {}

  /** `cases` placeholder cases: tasks need a case to belong to (`tasks.case_id` references it). */
  async seedCases(cases: number, prefix: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO cases (id, definition_key, definition_version, status, application, workflow_id)
       SELECT gen_random_uuid(), 'bench-worklist', 1, 'in_progress', '{}'::jsonb, $1 || i
       FROM generate_series(1, $2) AS i`,
      [`${prefix}-`, cases],
    );
  }

  /**
   * `department.tasks` open tasks spread over the seeded cases (one step id per round over them), with
   * a worklist's mix: 2% urgent, a tenth without a due date, due dates over 30 days (3% breached),
   * creation over 60 days, 1% held by `holder`. The count trigger is off while loading; the counts are
   * rebuilt after by `rebuildCounts`.
   */
  async seedTasks(department: SeededDepartment, stepPrefix: string, holder: string): Promise<void> {
    const cases = await this.manager.query<{ id: string }[]>(
      `SELECT count(*) AS id FROM cases WHERE definition_key = 'bench-worklist'`,
    );
    const perRound = Number(cases[0]?.id ?? 0);
    await this.manager.query(`ALTER TABLE tasks DISABLE TRIGGER tasks_count`);
    await this.manager.query(
      `WITH numbered AS (
         SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases WHERE definition_key = 'bench-worklist'
       )
       INSERT INTO tasks (case_id, step_id, department, status, data, workflow_id, priority,
                          assignee_account_id, created_at, due_date, due_at, due_soon_at, breached_at)
       SELECT c.id, $2 || (i / $4), $1, 'open',
              jsonb_build_object('employer', 'Bench Co.', 'diploma', 'D-' || i),
              'bench-task-' || $1 || '-' || i,
              CASE WHEN i % 50 = 0 THEN 'urgent' ELSE 'normal' END,
              CASE WHEN i % 100 = 7 THEN $5::uuid END,
              now() - (i % 86400) * interval '60 seconds',
              due::date, due, due - interval '1 day',
              CASE WHEN i % 33 = 0 THEN due END
       FROM generate_series(0, $3 - 1) AS i
       JOIN numbered c ON c.n = i % $4 + 1
       CROSS JOIN LATERAL (
         SELECT CASE WHEN i % 10 = 3 THEN NULL
                     WHEN i % 33 = 0 THEN now() - interval '2 days'
                     ELSE now() + (i % 43200) * interval '60 seconds' END AS due
       ) d`,
      [department.code, stepPrefix, department.tasks, perRound, holder],
    );
    await this.manager.query(`ALTER TABLE tasks ENABLE TRIGGER tasks_count`);
  }

  /** The per-department counts, rebuilt after loading with the trigger off (as the migration builds them). */
  async rebuildCounts(): Promise<void> {
    await this.manager.query(`DELETE FROM task_counts`);
    await this.manager.query(
      `INSERT INTO task_counts (department, status, tasks)
       SELECT department, status, count(*) FROM tasks GROUP BY department, status`,
    );
  }

  /**
   * Statistics, the visibility map and the load's dirty pages written out, so measuring neither meets a
   * checkpoint or an autovacuum of the fresh rows midway nor plans from empty statistics.
   */
  async settle(): Promise<void> {
    // Every table the load wrote (tasks, cases, counts): an autovacuum of the fresh cases otherwise
    // lands in the first figures measured.
    await this.manager.query(`VACUUM (ANALYZE) tasks, cases, task_counts`);
    await this.manager.query(`CHECKPOINT`);
  }

  /** Today's worklist page before this change: offset paging, the old sort, and a full count. */
  async offsetPage(department: string, offset: number): Promise<{ rows: number; total: number }> {
    const rows = await this.manager.query<unknown[]>(
      `SELECT * FROM tasks WHERE department = ANY($1) AND status = 'open'
       ORDER BY priority DESC, due_at ASC NULLS LAST, created_at ASC, id ASC LIMIT 50 OFFSET $2`,
      [[department], offset],
    );
    const counted = await this.manager.query<{ count: string }[]>(
      `SELECT count(*) FROM tasks WHERE department = ANY($1) AND status = 'open'`,
      [[department]],
    );
    return { rows: rows.length, total: Number(counted[0]?.count ?? 0) };
  }

  /** The plan PostgreSQL picks for the new page query (printed once, for the record). */
  async explainKeysetPage(department: string): Promise<string> {
    const plan = await this.manager.query<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
       SELECT * FROM tasks t WHERE t.department IN ($1) AND t.status = 'open'
       ORDER BY t.urgency, t.due_key, t.created_at, t.id LIMIT 50`,
      [department],
    );
    return plan.map((line) => line['QUERY PLAN']).join('\n');
  }

  /** The plan of the `assignee=unassigned` page and of its capped count (printed once, for the record). */
  async explainUnassigned(department: string): Promise<string> {
    const page = await this.manager.query<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
       SELECT * FROM tasks t WHERE t.department IN ($1) AND t.status = 'open' AND t.assignee_account_id IS NULL
       ORDER BY t.urgency, t.due_key, t.created_at, t.id LIMIT 51`,
      [department],
    );
    const count = await this.manager.query<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
       SELECT count(*) FROM (SELECT 1 FROM tasks t WHERE t.department IN ($1) AND t.status = 'open'
         AND t.assignee_account_id IS NULL LIMIT 1001) capped`,
      [department],
    );
    return [...page, ...count].map((line) => line['QUERY PLAN']).join('\n');
  }

  /** A one-row table for `commitProbe`. */
  async createCommitProbe(): Promise<void> {
    await this.manager.query(`CREATE TABLE bench_commit_probe (n bigint NOT NULL)`);
  }

  /** One durable one-row write (its own transaction): what any commit costs on this disk, the floor of a trail append. */
  async commitProbe(n: number): Promise<void> {
    await this.manager.query(`INSERT INTO bench_commit_probe (n) VALUES ($1)`, [n]);
  }
}
