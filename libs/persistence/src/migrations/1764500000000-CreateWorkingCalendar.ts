import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWorkingCalendar1764500000000 implements MigrationInterface {
  name = 'CreateWorkingCalendar1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per year: where its exceptions came from, so a restart never overwrites an administrator's edit.
    await q.query(`
      CREATE TABLE calendar_years (
        year int PRIMARY KEY,
        source text NOT NULL CHECK (source IN ('chinese-days','administrator')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES accounts(id)
      )`);
    // Only the exceptions to Monday–Friday are stored; the database refuses one that is no exception.
    await q.query(`
      CREATE TABLE calendar_days (
        date date PRIMARY KEY,
        year int NOT NULL REFERENCES calendar_years(year) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('holiday','workday')),
        note text,
        CONSTRAINT calendar_days_in_year CHECK (extract(year FROM date) = year),
        CONSTRAINT calendar_days_kind_weekday CHECK (
          (kind = 'holiday' AND extract(isodow FROM date) BETWEEN 1 AND 5)
          OR (kind = 'workday' AND extract(isodow FROM date) IN (6, 7))
        )
      )`);
    await q.query(`CREATE INDEX calendar_days_year_idx ON calendar_days (year, date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_days`);
    await q.query(`DROP TABLE calendar_years`);
  }
}
