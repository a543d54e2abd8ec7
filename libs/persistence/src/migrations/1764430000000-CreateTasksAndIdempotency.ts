import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTasksAndIdempotency1764430000000 implements MigrationInterface {
  name = 'CreateTasksAndIdempotency1764430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_status_check`);
    await q.query(
      `ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN ('submitted','in_progress','approved','rejected','partial','failed'))`,
    );
    await q.query(`ALTER TABLE case_steps DROP CONSTRAINT case_steps_status_check`);
    await q.query(
      `ALTER TABLE case_steps ADD CONSTRAINT case_steps_status_check CHECK (status IN ('pending','running','approved','rejected','failed','skipped','blocked'))`,
    );
    await q.query(
      `ALTER TABLE case_steps ADD COLUMN kind text NOT NULL DEFAULT 'auto' CHECK (kind IN ('auto','manual'))`,
    );
    // One task per case and step, whatever retries or restarts happen: a duplicate is impossible.
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        step_id text NOT NULL,
        department text NOT NULL,
        status text NOT NULL CHECK (status IN ('open','approved','rejected','cancelled')),
        data jsonb NOT NULL,
        workflow_id text NOT NULL,
        decision_reason text,
        decided_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        CONSTRAINT tasks_case_step UNIQUE (case_id, step_id)
      )`);
    await q.query(`CREATE INDEX tasks_department_idx ON tasks (department, status, created_at)`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        owner text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        case_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (owner, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE tasks`);
    await q.query(`ALTER TABLE case_steps DROP COLUMN kind`);
  }
}
