import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploads (一套材料): one row per person and file; the bytes live in the blob store under `sha256`, once.
 * A row is pending (`expires_at` set) until a case references it, then it is the person's material.
 */
export class CreateUploads1764760000000 implements MigrationInterface {
  name = 'CreateUploads1764760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE uploads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_account_id uuid NOT NULL REFERENCES accounts(id),
        sha256 text NOT NULL CHECK (sha256 ~ '^[a-f0-9]{64}$'),
        name text NOT NULL,
        content_type text NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        definition_key text,
        field_id text,
        -- Milliseconds, as JavaScript dates hold them: a keyset cursor then names a row exactly.
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        expires_at timestamptz,
        referenced_at timestamptz,
        CHECK ((expires_at IS NULL) <> (referenced_at IS NULL)),
        UNIQUE (owner_account_id, sha256)
      )`);
    // "My materials", newest first, paged by (created_at, id).
    await q.query(
      `CREATE INDEX uploads_owner_created_idx ON uploads (owner_account_id, created_at DESC, id DESC)`,
    );
    // The sweep finds expired rows; whether a blob is still used is asked by hash.
    await q.query(`CREATE INDEX uploads_expires_idx ON uploads (expires_at) WHERE expires_at IS NOT NULL`);
    await q.query(`CREATE INDEX uploads_sha256_idx ON uploads (sha256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE uploads`);
  }
}
