import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A step's outputs (a certificate number, an issued document's reference) as its department gave them:
 * later steps receive those their contract names, the applicant those marked visible. Null: none.
 */
export class StepOutputs1764710000000 implements MigrationInterface {
  name = 'StepOutputs1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_steps ADD COLUMN outputs jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_steps DROP COLUMN outputs`);
  }
}
