import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole case's promised time limit (承诺时限): its due date in working days from submission, kept by
 * the case workflow, and when it was breached. Null for cases whose definition promises none.
 */
export class CaseCommitment1764720000000 implements MigrationInterface {
  name = 'CaseCommitment1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN commitment_due_date date,
        ADD COLUMN commitment_due_at timestamptz,
        ADD COLUMN commitment_due_soon_at timestamptz,
        ADD COLUMN commitment_breached_at timestamptz`);
    // Monitoring and the case list find the breached cases.
    await q.query(
      `CREATE INDEX cases_commitment_breached_idx ON cases (commitment_breached_at) WHERE commitment_breached_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_commitment_breached_idx`);
    await q.query(`
      ALTER TABLE cases
        DROP COLUMN commitment_due_date,
        DROP COLUMN commitment_due_at,
        DROP COLUMN commitment_due_soon_at,
        DROP COLUMN commitment_breached_at`);
  }
}
