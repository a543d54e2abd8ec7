import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access trail: who read which personal data of which case, and why, and every decision — one row
 * per access, hash-chained (each row's hash covers its content and the previous row's hash), and
 * append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). `access_trail_head` is the single row that
 * serialises appends: a writer locks it, links its row to the head's hash and moves the head on, so
 * concurrent writers never fork the chain; it also lets the verifier notice rows cut off the end.
 */
export class CreateAccessTrail1764780000000 implements MigrationInterface {
  name = 'CreateAccessTrail1764780000000';

  async up(q: QueryRunner): Promise<void> {
    // No values of personal data here: `fields` holds field names only.
    await q.query(`
      CREATE TABLE access_trail (
        seq bigint PRIMARY KEY CHECK (seq >= 1),
        id uuid NOT NULL UNIQUE,
        occurred_at timestamptz NOT NULL,
        action text NOT NULL CHECK (action IN ('read', 'decision')),
        actor_id text NOT NULL,
        actor_kind text NOT NULL CHECK (actor_kind IN ('account', 'department_system')),
        role text NOT NULL,
        department text,
        case_id uuid,
        subject_account_id uuid,
        resource text NOT NULL,
        fields text[] NOT NULL,
        purpose text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(
      `CREATE INDEX access_trail_case_idx ON access_trail (case_id, seq) WHERE case_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX access_trail_actor_idx ON access_trail (actor_id, seq)`);
    await q.query(`CREATE INDEX access_trail_time_idx ON access_trail (occurred_at, seq)`);
    await q.query(`
      CREATE FUNCTION access_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_trail is append-only (% refused)', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER access_trail_no_update_delete BEFORE UPDATE OR DELETE ON access_trail
      FOR EACH ROW EXECUTE FUNCTION access_trail_append_only()`);
    await q.query(`
      CREATE TRIGGER access_trail_no_truncate BEFORE TRUNCATE ON access_trail
      FOR EACH STATEMENT EXECUTE FUNCTION access_trail_append_only()`);
    await q.query(`
      CREATE TABLE access_trail_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        seq bigint NOT NULL,
        hash text NOT NULL
      )`);
    // The genesis: the first row links to 64 zeros.
    await q.query(`INSERT INTO access_trail_head (seq, hash) VALUES (0, repeat('0', 64))`);
    // Signed result documents, frozen when first issued: the exact canonical text that was signed.
    await q.query(`
      CREATE TABLE result_documents (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL UNIQUE REFERENCES cases (id),
        canonical text NOT NULL,
        signature text NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE FUNCTION result_documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'result_documents are immutable (% refused)', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER result_documents_no_update BEFORE UPDATE ON result_documents
      FOR EACH ROW EXECUTE FUNCTION result_documents_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE result_documents`);
    await q.query(`DROP FUNCTION result_documents_immutable()`);
    await q.query(`DROP TABLE access_trail_head`);
    await q.query(`DROP TABLE access_trail`);
    await q.query(`DROP FUNCTION access_trail_append_only()`);
  }
}
