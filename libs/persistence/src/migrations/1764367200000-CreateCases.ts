import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCases1764367200000 implements MigrationInterface {
  name = 'CreateCases1764367200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        definition_key text NOT NULL,
        definition_version int NOT NULL,
        status text NOT NULL CHECK (status IN ('submitted','in_progress','approved','rejected','failed')),
        application jsonb NOT NULL,
        result jsonb,
        workflow_id text NOT NULL UNIQUE,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await q.query(`CREATE INDEX cases_status_idx ON cases (status, submitted_at)`);
    await q.query(`
      CREATE TABLE case_steps (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        step_id text NOT NULL,
        department text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending','running','approved','rejected','failed','skipped')),
        reason text,
        attempts int NOT NULL DEFAULT 0,
        started_at timestamptz,
        completed_at timestamptz,
        PRIMARY KEY (case_id, step_id)
      )`);
    await q.query(`CREATE INDEX case_steps_department_idx ON case_steps (department, status)`);
    await q.query(`
      CREATE TABLE outbox_events (
        id bigserial PRIMARY KEY,
        aggregate_type text NOT NULL,
        aggregate_id text NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        dispatch_attempts int NOT NULL DEFAULT 0
      )`);
    await q.query(
      `CREATE INDEX outbox_events_pending_idx ON outbox_events (type, created_at) WHERE dispatched_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_events`);
    await q.query(`DROP TABLE case_steps`);
    await q.query(`DROP TABLE cases`);
  }
}
