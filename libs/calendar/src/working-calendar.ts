/**
 * Working days for legal time limits (办理时限), counted the way Chinese administrative law counts them:
 * Monday to Friday, minus public holidays, plus the weekend days declared make-up working days (调休).
 * Pure and deterministic (ISO dates, no clock, no time zone), so workflow code can use it with a
 * calendar passed in its input.
 */
export interface CalendarData {
  /** Weekdays that are days off (public holidays and their bridging days), YYYY-MM-DD. */
  holidays: readonly string[];
  /** Weekend days that are working days (make-up days), YYYY-MM-DD. */
  workdays: readonly string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toDate(iso: string): Date {
  if (!ISO_DATE.test(iso)) throw new Error(`not an ISO date: ${iso}`);
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso)
    throw new Error(`no such date: ${iso}`);
  return date;
}

function nextDay(iso: string): string {
  const date = toDate(iso);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export class WorkingCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly workdays: ReadonlySet<string>;

  constructor(data: CalendarData) {
    this.holidays = new Set(data.holidays);
    this.workdays = new Set(data.workdays);
  }

  isWorkingDay(iso: string): boolean {
    if (this.workdays.has(iso)) return true;
    if (this.holidays.has(iso)) return false;
    const weekday = toDate(iso).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The day a limit of `count` working days ends when the clock starts on `start`: the start day itself
   * does not count (a case accepted on Friday with a 1-day limit is due on Monday).
   */
  addWorkingDays(start: string, count: number): string {
    if (!Number.isInteger(count) || count < 0) throw new Error(`not a number of working days: ${count}`);
    let day = start;
    toDate(day);
    for (let left = count; left > 0;) {
      day = nextDay(day);
      if (this.isWorkingDay(day)) left--;
    }
    return day;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let day = nextDay(from); day <= to; day = nextDay(day)) if (this.isWorkingDay(day)) count++;
    return count;
  }
}
