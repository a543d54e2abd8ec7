import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentity1764400000000 implements MigrationInterface {
  name = 'CreateIdentity1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE departments (
        code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,62}$'),
        name_zh text NOT NULL,
        name_en text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        password_hash text,
        roles text[] NOT NULL CHECK (roles <@ ARRAY['applicant','counter_clerk','department_worker',
          'department_supervisor','administrator','auditor']::text[]),
        active boolean NOT NULL DEFAULT true,
        external_issuer text,
        external_subject text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (external_issuer, external_subject)
      )`);
    // Usernames are compared case-insensitively: "Admin" and "admin" are one account.
    await q.query(`CREATE UNIQUE INDEX accounts_username_idx ON accounts (lower(username))`);
    await q.query(`
      CREATE TABLE account_departments (
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        department_code text NOT NULL REFERENCES departments(code),
        PRIMARY KEY (account_id, department_code)
      )`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`
      CREATE TABLE department_credentials (
        id uuid PRIMARY KEY,
        department_code text NOT NULL REFERENCES departments(code),
        label text NOT NULL,
        secret_hash text NOT NULL,
        created_by uuid REFERENCES accounts(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE security_events (
        id bigserial PRIMARY KEY,
        type text NOT NULL,
        account_id uuid,
        actor_id uuid,
        department_code text,
        address text,
        details jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX security_events_account_idx ON security_events (account_id, occurred_at)`);
    // Append-only, enforced by the database itself: no role the application connects as can rewrite history.
    await q.query(`
      CREATE FUNCTION security_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'security_events is append-only (% refused)', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER security_events_no_update_delete BEFORE UPDATE OR DELETE ON security_events
      FOR EACH ROW EXECUTE FUNCTION security_events_append_only()`);
    await q.query(`
      CREATE TRIGGER security_events_no_truncate BEFORE TRUNCATE ON security_events
      FOR EACH STATEMENT EXECUTE FUNCTION security_events_append_only()`);
    await q.query(`ALTER TABLE cases ADD COLUMN applicant_account_id uuid REFERENCES accounts(id)`);
    await q.query(`ALTER TABLE cases ADD COLUMN submitted_by_account_id uuid REFERENCES accounts(id)`);
    /** A counter clerk's record of the applicant's consent to submit on their behalf (帮办代办). */
    await q.query(`ALTER TABLE cases ADD COLUMN submission_consent jsonb`);
    await q.query(`CREATE INDEX cases_applicant_idx ON cases (applicant_account_id, submitted_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_applicant_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN submission_consent`);
    await q.query(`ALTER TABLE cases DROP COLUMN submitted_by_account_id`);
    await q.query(`ALTER TABLE cases DROP COLUMN applicant_account_id`);
    await q.query(`DROP TABLE security_events`);
    await q.query(`DROP FUNCTION security_events_append_only()`);
    await q.query(`DROP TABLE department_credentials`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE account_departments`);
    await q.query(`DROP TABLE accounts`);
    await q.query(`DROP TABLE departments`);
  }
}
