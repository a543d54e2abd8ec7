import { In, type EntityManager } from 'typeorm';
import {
  CalendarDayEntity,
  CalendarYearEntity,
  type CalendarDayKind,
  type CalendarYearSource,
} from '@onething/persistence';

export interface StoredDay {
  /** YYYY-MM-DD. */
  date: string;
  kind: CalendarDayKind;
  note: string | null;
}

/**
 * `calendar_years` (one row per year: who set it) and `calendar_days` (its exceptions to Monday–Friday).
 * Raw SQL for the conditional upserts and the row locks the query builder cannot express in one statement.
 */
export class CalendarRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Creates the year as seeded from chinese-days unless it exists; whether it was created. */
  async insertSeededYear(year: number): Promise<boolean> {
    const inserted: unknown[] = await this.manager.query(
      `INSERT INTO calendar_years (year, source) VALUES ($1, 'chinese-days')
       ON CONFLICT (year) DO NOTHING RETURNING year`,
      [year],
    );
    return inserted.length > 0;
  }

  /** Locks the year's row (until the transaction ends); its source and how many days it holds. */
  async lockYearWithDayCount(
    year: number,
  ): Promise<{ source: CalendarYearSource; days: number } | undefined> {
    const [row] = await this.manager.query<{ source: CalendarYearSource; days: number }[]>(
      `SELECT y.source, (SELECT count(*)::int FROM calendar_days d WHERE d.year = y.year) AS days
       FROM calendar_years y WHERE y.year = $1 FOR UPDATE`,
      [year],
    );
    return row;
  }

  /** Locks the year's row, if it exists, and answers its source. */
  async lockYearSource(year: number): Promise<CalendarYearSource | null> {
    const rows: { source: CalendarYearSource }[] = await this.manager.query(
      `SELECT source FROM calendar_years WHERE year = $1 FOR UPDATE`,
      [year],
    );
    return rows[0]?.source ?? null;
  }

  /** Marks the year an administrator's (creating it if needed), now, by `accountId`. */
  async markSetByAdministrator(year: number, accountId: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO calendar_years (year, source, updated_at, updated_by)
       VALUES ($1, 'administrator', now(), $2)
       ON CONFLICT (year) DO UPDATE
       SET source = EXCLUDED.source, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [year, accountId],
    );
  }

  findYear(year: number): Promise<CalendarYearEntity | null> {
    return this.manager.getRepository(CalendarYearEntity).findOneBy({ year });
  }

  async daysOf(year: number): Promise<StoredDay[]> {
    const rows = await this.manager
      .getRepository(CalendarDayEntity)
      .find({ where: { year }, order: { date: 'ASC' } });
    return rows.map(({ date, kind, note }) => ({ date, kind, note }));
  }

  /** The dates and kinds of every exception in `years`, in date order. */
  datesOf(years: readonly number[]): Promise<Pick<CalendarDayEntity, 'date' | 'kind'>[]> {
    return this.manager.getRepository(CalendarDayEntity).find({
      select: { date: true, kind: true },
      where: { year: In([...years]) },
      order: { date: 'ASC' },
    });
  }

  async deleteDays(year: number): Promise<void> {
    await this.manager.delete(CalendarDayEntity, { year });
  }

  /** One statement however many days. */
  async insertDays(year: number, days: readonly StoredDay[]): Promise<void> {
    if (days.length === 0) return;
    await this.manager.query(
      `INSERT INTO calendar_days (date, year, kind, note)
       SELECT day.date, $1, day.kind, day.note FROM unnest($2::date[], $3::text[], $4::text[]) AS day(date, kind, note)`,
      [year, days.map((day) => day.date), days.map((day) => day.kind), days.map((day) => day.note)],
    );
  }
}
