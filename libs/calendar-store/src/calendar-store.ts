import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordSecurityEvent } from '@onething/auth';
import { calendarFromChineseDays, type CalendarData } from '@onething/calendar/node';
import type { CalendarDayKind, CalendarYearSource } from '@onething/persistence';
import { parseCalendarYear, type CalendarYearInput } from './calendar-year.schema';
import { CalendarRepository, type StoredDay } from './calendar.repository';

export interface CalendarDay {
  /** YYYY-MM-DD. */
  date: string;
  note: string | null;
}

/** One year of the working calendar as stored: its exceptions to Monday–Friday and who set them. */
export interface CalendarYear {
  year: number;
  source: CalendarYearSource;
  holidays: CalendarDay[];
  workdays: CalendarDay[];
  updatedAt: Date;
  /** The administrator who last replaced the year; null for a year seeded from chinese-days. */
  updatedBy: string | null;
}

/**
 * The working-day calendar in PostgreSQL: seeded once per year from chinese-days, then the
 * administrators' to correct. Workflows get it as plain `CalendarData` through an activity.
 */
@Injectable()
export class CalendarStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Seeds each of `years` that has no row yet from chinese-days, in one transaction; returns the years it
   * seeded. A year an administrator edited is never touched, so their edits survive restarts. Two
   * processes starting together are safe: the second's insert waits for the first and then does nothing.
   */
  async ensureSeeded(years: readonly number[]): Promise<number[]> {
    // Ascending, so two processes take the year rows' locks in the same order.
    const wanted = [...new Set(years)].sort((a, b) => a - b);
    return this.dataSource.transaction(async (manager) => {
      const calendar = new CalendarRepository(manager);
      const seeded: number[] = [];
      for (const year of wanted) {
        const inserted = await calendar.insertSeededYear(year);
        const { holidays, workdays } = calendarFromChineseDays([year]);
        // A year seeded before the State Council published it (each November) holds no days; once the
        // package knows them, they are filled in. An administrator's year is never touched.
        if (!inserted && !(await awaitsPublishedDays(calendar, year, holidays.length + workdays.length)))
          continue;
        await calendar.insertDays(year, [
          ...holidays.map((date) => ({ date, kind: 'holiday' as const, note: null })),
          ...workdays.map((date) => ({ date, kind: 'workday' as const, note: null })),
        ]);
        seeded.push(year);
      }
      return seeded;
    });
  }

  /** The stored exceptions of `years`; a year without a row contributes none (plain weekends). */
  async load(years: readonly number[]): Promise<CalendarData> {
    const days = await new CalendarRepository(this.dataSource.manager).datesOf(years);
    return {
      holidays: days.filter((day) => day.kind === 'holiday').map((day) => day.date),
      workdays: days.filter((day) => day.kind === 'workday').map((day) => day.date),
    };
  }

  async getYear(year: number): Promise<CalendarYear | null> {
    // One snapshot, so the days shown are the ones the row's updatedAt and updatedBy describe.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const calendar = new CalendarRepository(manager);
      const row = await calendar.findYear(year);
      if (!row) return null;
      const days = await calendar.daysOf(year);
      return {
        year: row.year,
        source: row.source,
        holidays: days.filter((day) => day.kind === 'holiday').map(({ date, note }) => ({ date, note })),
        workdays: days.filter((day) => day.kind === 'workday').map(({ date, note }) => ({ date, note })),
        updatedAt: row.updatedAt,
        updatedBy: row.updatedBy,
      };
    });
  }

  /**
   * Replaces all of `year`'s exceptions with `days` (creating the year if it has none), marks it an
   * administrator's, and appends a `calendar.changed` security event naming the actor and what changed,
   * all in one transaction. Throws `CalendarError` `CALENDAR_INVALID` (nothing written) when the days break a rule.
   */
  async replaceYear(
    year: number,
    days: CalendarYearInput,
    actorAccountId: string,
    address: string | null = null,
  ): Promise<CalendarYear> {
    const valid = parseCalendarYear(year, days);
    const next: StoredDay[] = [
      ...valid.holidays.map((day) => ({ ...day, kind: 'holiday' as const })),
      ...valid.workdays.map((day) => ({ ...day, kind: 'workday' as const })),
    ];
    await this.dataSource.transaction(async (manager) => {
      const calendar = new CalendarRepository(manager);
      // Locks an existing year, so two administrators' replacements are audited one after the other.
      const previousSource = await calendar.lockYearSource(year);
      await calendar.markSetByAdministrator(year, actorAccountId);
      const before = await calendar.daysOf(year);
      await calendar.deleteDays(year);
      await calendar.insertDays(year, next);
      await recordSecurityEvent(manager, {
        type: 'calendar.changed',
        actorId: actorAccountId,
        address,
        details: { year, previousSource, ...changes(before, next) },
      });
    });
    return (await this.getYear(year))!;
  }
}

async function awaitsPublishedDays(
  calendar: CalendarRepository,
  year: number,
  known: number,
): Promise<boolean> {
  if (known === 0) return false;
  const row = await calendar.lockYearWithDayCount(year);
  return row?.source === 'chinese-days' && row.days === 0;
}

/** What a replacement changed, for the audit record: dates added and removed per kind, notes edited. */
function changes(before: StoredDay[], after: StoredDay[]) {
  const key = (day: StoredDay) => `${day.kind} ${day.date}`;
  const beforeByKey = new Map(before.map((day) => [key(day), day]));
  const afterByKey = new Map(after.map((day) => [key(day), day]));
  const dates = (days: StoredDay[], kind: CalendarDayKind) =>
    days
      .filter((day) => day.kind === kind)
      .map((day) => day.date)
      .sort();
  const added = after.filter((day) => !beforeByKey.has(key(day)));
  const removed = before.filter((day) => !afterByKey.has(key(day)));
  return {
    holidays: { added: dates(added, 'holiday'), removed: dates(removed, 'holiday') },
    workdays: { added: dates(added, 'workday'), removed: dates(removed, 'workday') },
    notesChanged: after
      .filter((day) => {
        const earlier = beforeByKey.get(key(day));
        return earlier !== undefined && earlier.note !== day.note;
      })
      .map((day) => day.date)
      .sort(),
  };
}
