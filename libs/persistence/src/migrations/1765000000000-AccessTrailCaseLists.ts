import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One access-trail record may name several cases (`case_ids`): a list page that shows the same fields of
 * many cases to one person for one purpose is one access, not fifty. Such a record has no `case_id`; a
 * record of one case keeps `case_id` as before (and every record written before this column existed is
 * unchanged, hash included). The GIN index finds a case's records in the lists, as `access_trail_case_idx`
 * does for the single ones.
 */
export class AccessTrailCaseLists1765000000000 implements MigrationInterface {
  name = 'AccessTrailCaseLists1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE access_trail ADD COLUMN case_ids uuid[]
        CHECK (case_ids IS NULL OR (case_id IS NULL AND cardinality(case_ids) >= 2))`);
    await q.query(
      `CREATE INDEX access_trail_cases_idx ON access_trail USING gin (case_ids) WHERE case_ids IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX access_trail_cases_idx`);
    await q.query(`ALTER TABLE access_trail DROP COLUMN case_ids`);
  }
}
