import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a step retrying against its department looks like from outside: the attempt that failed last,
 * its error code and message (no personal data: connector, failure kind, HTTP status), and when
 * Temporal tries again (none: the step waits for an administrator's retry).
 */
export class StepAttempts1764630000000 implements MigrationInterface {
  name = 'StepAttempts1764630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE case_steps
        ADD COLUMN attempt int,
        ADD COLUMN last_error_code text,
        ADD COLUMN last_error text,
        ADD COLUMN last_error_at timestamptz,
        ADD COLUMN next_retry_at timestamptz`);
    // Bulk retry finds a department's failed steps.
    await q.query(`CREATE INDEX case_steps_failed_idx ON case_steps (department) WHERE status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_steps_failed_idx`);
    await q.query(`
      ALTER TABLE case_steps
        DROP COLUMN attempt,
        DROP COLUMN last_error_code,
        DROP COLUMN last_error,
        DROP COLUMN last_error_at,
        DROP COLUMN next_retry_at`);
  }
}
