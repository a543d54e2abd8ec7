import { tz } from '@date-fns/tz';
import {
  addDays,
  addMonths,
  addYears,
  differenceInCalendarDays,
  differenceInYears,
  format,
  isValid,
  parseISO,
} from 'date-fns';

// Dates in conditions are ISO calendar dates ('2026-11-30'), the way `date` fields are stored. "Today" is
// the date of an instant in the case's time zone, never the machine's, so the API, the CLI and the
// workflow (which passes the recorded submission time) agree on it.

/** The time zone whose calendar date `today()` is: the working calendar's (China Standard Time). */
export const CASE_TIME_ZONE = 'Asia/Shanghai';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// Calendar arithmetic on dates without a time: done in UTC so the machine's zone and DST never shift a day.
const inUtc = { in: tz('UTC') };

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date of `instantMs` in `timeZone`, as `yyyy-MM-dd`. Plain `Intl` rather than a TZDate:
 * Temporal's workflow sandbox replaces `Date`, and a Date subclass there loses its zone.
 */
export function caseToday(instantMs: number, timeZone: string = CASE_TIME_ZONE): string {
  let dayFormat = dayFormats.get(timeZone);
  if (dayFormat === undefined) {
    // en-CA writes dates as yyyy-MM-dd.
    dayFormat = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, dayFormat);
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    dayFormat.formatToParts(instantMs).find((found) => found.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Parses an ISO calendar date; throws (a CEL evaluation error) when the text is not one. */
export function parseCaseDate(text: unknown): Date {
  if (typeof text !== 'string' || !ISO_DATE.test(text)) throw new Error(`not a date (yyyy-MM-dd)`);
  const parsed = parseISO(text, inUtc);
  if (!isValid(parsed) || formatCaseDate(parsed) !== text) throw new Error('not a calendar date');
  return parsed;
}

function formatCaseDate(date: Date): string {
  return format(date, 'yyyy-MM-dd', inUtc);
}

/** Whole years from `from` to `to` (negative when `to` is earlier), as a birthday counts them. */
export function yearsBetween(from: unknown, to: unknown): number {
  return differenceInYears(parseCaseDate(to), parseCaseDate(from), inUtc);
}

/** Calendar days from `from` to `to`. */
export function daysBetween(from: unknown, to: unknown): number {
  return differenceInCalendarDays(parseCaseDate(to), parseCaseDate(from), inUtc);
}

export type DateUnit = 'days' | 'months' | 'years';

/** `date` moved by `amount` units (29 February plus one year is 28 February). */
export function shiftDate(date: unknown, amount: number, unit: DateUnit): string {
  const start = parseCaseDate(date);
  const moved =
    unit === 'days'
      ? addDays(start, amount, inUtc)
      : unit === 'months'
        ? addMonths(start, amount, inUtc)
        : addYears(start, amount, inUtc);
  return formatCaseDate(moved);
}

/** Normalises and checks a date given as text: the same text back, or an evaluation error. */
export function checkedDate(text: unknown): string {
  return formatCaseDate(parseCaseDate(text));
}
