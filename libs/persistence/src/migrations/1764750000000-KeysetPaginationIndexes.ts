import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes in the exact sort orders of the keyset-paged lists (`*_ORDER` in the repositories), so a page
 * after a cursor is an index range scan instead of a sort of every matching row.
 */
const INDEXES: Record<string, string> = {
  cases_keyset_idx: 'cases (submitted_at DESC, id DESC)',
  cases_applicant_keyset_idx: 'cases (applicant_account_id, submitted_at DESC, id DESC)',
  cases_submitter_keyset_idx: 'cases (submitted_by_account_id, submitted_at DESC, id DESC)',
  tasks_worklist_keyset_idx:
    "tasks (department, priority DESC, (COALESCE(due_at, 'infinity'::timestamptz)), created_at, id)",
  case_steps_troubled_keyset_idx:
    "case_steps ((COALESCE(last_error_at, '-infinity'::timestamptz)), case_id, step_id) WHERE status IN ('failed', 'running')",
  notification_deliveries_keyset_idx: 'notification_deliveries (attempted_at DESC, id DESC)',
  accounts_keyset_idx: 'accounts (username, id)',
  department_credentials_keyset_idx: 'department_credentials (department_code, created_at, id)',
  security_events_account_keyset_idx: 'security_events (account_id, id DESC)',
  security_events_type_keyset_idx: 'security_events (type, id DESC)',
};

export class KeysetPaginationIndexes1764750000000 implements MigrationInterface {
  name = 'KeysetPaginationIndexes1764750000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, on] of Object.entries(INDEXES)) await q.query(`CREATE INDEX ${name} ON ${on}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of Object.keys(INDEXES).reverse()) await q.query(`DROP INDEX ${name}`);
  }
}
