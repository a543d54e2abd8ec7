import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Work on tasks: the worklist's keyset order served straight from an index, an exact per-department
 * count kept by a trigger (so a page's `total` is one row read, not a count of 50,000 rows), and
 * comments on tasks.
 */
export class TaskWork1764770000000 implements MigrationInterface {
  name = 'TaskWork1764770000000';

  async up(q: QueryRunner): Promise<void> {
    // The worklist's sort key as plain ascending columns: urgent first, then due soonest (no due date
    // last), then oldest. A row comparison on them is a keyset cursor one index serves.
    await q.query(`
      ALTER TABLE tasks
        ADD COLUMN urgency smallint GENERATED ALWAYS AS (CASE WHEN priority = 'urgent' THEN 0 ELSE 1 END) STORED,
        ADD COLUMN due_key timestamptz GENERATED ALWAYS AS (COALESCE(due_at, 'infinity'::timestamptz)) STORED,
        ADD COLUMN claimed_at timestamptz`);
    // Only tasks still waiting are worked from the worklist: decided ones never enter these indexes.
    // `assignee=me` has its own, led by the holder: a person's page and count never read the department's.
    await q.query(`
      CREATE INDEX tasks_worklist_idx ON tasks (department, status, urgency, due_key, created_at, id)
        WHERE status IN ('open','awaiting_material')`);
    await q.query(`
      CREATE INDEX tasks_worklist_created_idx ON tasks (department, status, created_at, id)
        WHERE status IN ('open','awaiting_material')`);
    await q.query(`
      CREATE INDEX tasks_assignee_idx
        ON tasks (assignee_account_id, department, status, urgency, due_key, created_at, id)
        WHERE status IN ('open','awaiting_material') AND assignee_account_id IS NOT NULL`);
    await createTaskCounts(q);
    await q.query(`
      CREATE TABLE task_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        department text NOT NULL,
        author_account_id uuid REFERENCES accounts(id),
        body text NOT NULL,
        visible_to_applicant boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX task_comments_task_idx ON task_comments (task_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE INDEX task_comments_case_idx ON task_comments (case_id, created_at DESC, id DESC)
        WHERE visible_to_applicant`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_comments`);
    await q.query(`DROP TRIGGER tasks_count ON tasks`);
    await q.query(`DROP FUNCTION tasks_count()`);
    await q.query(`DROP TABLE task_counts`);
    await q.query(`DROP INDEX tasks_assignee_idx`);
    await q.query(`DROP INDEX tasks_worklist_created_idx`);
    await q.query(`DROP INDEX tasks_worklist_idx`);
    await q.query(`ALTER TABLE tasks DROP COLUMN claimed_at, DROP COLUMN due_key, DROP COLUMN urgency`);
  }
}

/**
 * Tasks per department and status, changed in the same transaction as the task row: exact, and read
 * in one index lookup. A row per (department, status) serialises that department's task writes on it
 * for the length of their transactions, which are short (one task row and an outbox event).
 */
async function createTaskCounts(q: QueryRunner): Promise<void> {
  await q.query(`
    CREATE TABLE task_counts (
      department text NOT NULL,
      status text NOT NULL,
      tasks bigint NOT NULL,
      PRIMARY KEY (department, status)
    )`);
  await q.query(`
    CREATE FUNCTION tasks_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE','DELETE') THEN
        UPDATE task_counts SET tasks = tasks - 1 WHERE department = OLD.department AND status = OLD.status;
      END IF;
      IF TG_OP IN ('INSERT','UPDATE') THEN
        INSERT INTO task_counts AS c (department, status, tasks) VALUES (NEW.department, NEW.status, 1)
          ON CONFLICT (department, status) DO UPDATE SET tasks = c.tasks + 1;
      END IF;
      RETURN NULL;
    END $$`);
  // Only a change of department or status moves a task between counters.
  await q.query(`
    CREATE TRIGGER tasks_count AFTER INSERT OR DELETE OR UPDATE OF department, status ON tasks
      FOR EACH ROW EXECUTE FUNCTION tasks_count()`);
  await q.query(`
    INSERT INTO task_counts (department, status, tasks)
      SELECT department, status, count(*) FROM tasks GROUP BY department, status`);
}
