import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case lifecycle: working-day SLAs and escalation on steps and tasks, requests for more material
 * gathered into notices, withdrawal and cancellation, compensation of approved steps.
 */
export class CaseLifecycle1764520000000 implements MigrationInterface {
  name = 'CaseLifecycle1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_status_check`);
    await q.query(
      `ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN ('submitted','in_progress','approved','rejected','partial','failed','withdrawn','cancelled'))`,
    );
    await q.query(`ALTER TABLE case_steps DROP CONSTRAINT case_steps_status_check`);
    await q.query(
      `ALTER TABLE case_steps ADD CONSTRAINT case_steps_status_check CHECK (status IN ('pending','running','approved','rejected','failed','skipped','blocked','cancelled','compensated'))`,
    );
    // SLA columns: written by the task workflow, which owns the clock; the API derives the SLA state.
    for (const table of ['case_steps', 'tasks']) {
      await q.query(`
        ALTER TABLE ${table}
          ADD COLUMN due_date date,
          ADD COLUMN due_at timestamptz,
          ADD COLUMN due_soon_at timestamptz,
          ADD COLUMN sla_paused_at timestamptz,
          ADD COLUMN breached_at timestamptz,
          ADD COLUMN escalated_at timestamptz`);
    }
    await q.query(`ALTER TABLE case_steps ADD COLUMN compensated_at timestamptz`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_status_check`);
    await q.query(
      `ALTER TABLE tasks ADD CONSTRAINT tasks_status_check CHECK (status IN ('open','awaiting_material','approved','rejected','cancelled'))`,
    );
    await q.query(`
      ALTER TABLE tasks
        ADD COLUMN priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal','urgent')),
        ADD COLUMN assignee_account_id uuid REFERENCES accounts(id),
        ADD COLUMN escalated_to text`);
    await q.query(`
      CREATE TABLE material_notices (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('open','answered','closed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz
      )`);
    await q.query(`CREATE INDEX material_notices_case_idx ON material_notices (case_id, created_at)`);
    // One open request per step at a time; `notice_id` is set when the gathering window closes.
    await q.query(`
      CREATE TABLE material_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        step_id text NOT NULL,
        department text NOT NULL,
        fields jsonb NOT NULL,
        message text NOT NULL,
        requested_by uuid,
        requested_at timestamptz NOT NULL DEFAULT now(),
        request_key text NOT NULL UNIQUE,
        notice_id uuid REFERENCES material_notices(id),
        answered_at timestamptz
      )`);
    await q.query(`CREATE INDEX material_requests_case_idx ON material_requests (case_id, notice_id)`);
    await q.query(`
      CREATE TABLE material_answers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notice_id uuid NOT NULL REFERENCES material_notices(id) ON DELETE CASCADE,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        "values" jsonb NOT NULL,
        submitted_by uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('pending','applied','refused')),
        submitted_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE material_answers`);
    await q.query(`DROP TABLE material_requests`);
    await q.query(`DROP TABLE material_notices`);
    await q.query(
      `ALTER TABLE tasks DROP COLUMN priority, DROP COLUMN assignee_account_id, DROP COLUMN escalated_to`,
    );
    for (const table of ['case_steps', 'tasks']) {
      await q.query(
        `ALTER TABLE ${table} DROP COLUMN due_date, DROP COLUMN due_at, DROP COLUMN due_soon_at, DROP COLUMN sla_paused_at, DROP COLUMN breached_at, DROP COLUMN escalated_at`,
      );
    }
    await q.query(`ALTER TABLE case_steps DROP COLUMN compensated_at`);
  }
}
