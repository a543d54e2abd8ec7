import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The worklist's "nobody holds it" filter (`assignee=unassigned`) in its own partial indexes, in the
 * keyset orders of `WORKLIST_ORDER`. Without them PostgreSQL served the page from `tasks_worklist_idx`
 * filtering holders row by row and counted the filter (up to the count cap) by a bitmap or sequential
 * scan of the department's rows; with them the page is an index range scan and the capped count an
 * index-only scan of at most WORKLIST_COUNT_CAP + 1 entries.
 */
export class WorklistUnassignedIndexes1764900000000 implements MigrationInterface {
  name = 'WorklistUnassignedIndexes1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX tasks_unassigned_idx ON tasks (department, status, urgency, due_key, created_at, id)
        WHERE status IN ('open','awaiting_material') AND assignee_account_id IS NULL`);
    await q.query(`
      CREATE INDEX tasks_unassigned_created_idx ON tasks (department, status, created_at, id)
        WHERE status IN ('open','awaiting_material') AND assignee_account_id IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_unassigned_created_idx`);
    await q.query(`DROP INDEX tasks_unassigned_idx`);
  }
}
