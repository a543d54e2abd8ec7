import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDefinitionVersions1764420000000 implements MigrationInterface {
  name = 'CreateDefinitionVersions1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE definition_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL,
        version int NOT NULL CHECK (version >= 1),
        status text NOT NULL CHECK (status IN ('draft','published','archived')),
        source text NOT NULL,
        document jsonb,
        lead_department text,
        revision int NOT NULL DEFAULT 1,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CONSTRAINT definition_versions_key_version UNIQUE (key, version),
        CONSTRAINT definition_versions_published_valid CHECK (status = 'draft' OR document IS NOT NULL)
      )`);
    // A published version never changes: the database refuses it, whatever the application does.
    await q.query(`
      CREATE FUNCTION definition_versions_immutable() RETURNS trigger AS $$
      BEGIN
        IF OLD.status <> 'draft' AND (NEW.source IS DISTINCT FROM OLD.source OR NEW.document IS DISTINCT FROM OLD.document
            OR NEW.key IS DISTINCT FROM OLD.key OR NEW.version IS DISTINCT FROM OLD.version) THEN
          RAISE EXCEPTION 'definition % version % is % and cannot change', OLD.key, OLD.version, OLD.status;
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await q.query(`
      CREATE TRIGGER definition_versions_immutable BEFORE UPDATE ON definition_versions
      FOR EACH ROW EXECUTE FUNCTION definition_versions_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE definition_versions`);
    await q.query(`DROP FUNCTION definition_versions_immutable()`);
  }
}
