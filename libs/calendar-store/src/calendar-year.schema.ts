import { z } from 'zod';
import { CalendarError, CalendarErrorCode, issuesToDetails, type DomainErrorDetail } from '@onething/errors';
import { textField } from '@onething/text';

/** The years an administrator may keep a calendar for. */
export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;
export const calendarYearNumberSchema = z
  .number()
  .int()
  .min(MIN_CALENDAR_YEAR, `a year from ${MIN_CALENDAR_YEAR}`)
  .max(MAX_CALENDAR_YEAR, `a year up to ${MAX_CALENDAR_YEAR}`);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_NOTE_LENGTH = 200;

const calendarDayInputSchema = z.strictObject({
  date: z.string().max(10).regex(ISO_DATE, 'a date YYYY-MM-DD'),
  /** Why the day is an exception (国庆节, 春节调休); null, absent or blank for none. */
  note: textField({ max: MAX_NOTE_LENGTH, allowBlank: true }).nullish(),
});

/**
 * The shape of a year's days as an administrator sends them: a year has at most 261 weekdays and 105
 * weekend days, so anything longer is not a calendar.
 */
export const calendarYearInputSchema = z.strictObject({
  holidays: z.array(calendarDayInputSchema).max(366),
  workdays: z.array(calendarDayInputSchema).max(366),
});
export type CalendarYearInput = z.input<typeof calendarYearInputSchema>;

/** Machine-readable codes of the calendar's own rules (the details' `code`). */
export enum CalendarRule {
  NoSuchDate = 'no_such_date',
  OutsideYear = 'outside_year',
  HolidayNotWeekday = 'holiday_not_weekday',
  WorkdayNotWeekend = 'workday_not_weekend',
  DuplicateDate = 'duplicate_date',
  HolidayAndWorkday = 'holiday_and_workday',
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The day of the week (0 = Sunday) of an existing date, or undefined for 2026-02-30 and the like. */
function weekdayOf(iso: string): number | undefined {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return undefined;
  return date.getUTCDay();
}

/** The shape plus the rules that make the days a calendar of `year`. */
export function calendarYearSchemaFor(year: number) {
  return calendarYearInputSchema.superRefine((input, context) => {
    const fail = (path: (string | number)[], rule: CalendarRule, message: string) =>
      context.addIssue({ code: 'custom', path, message, params: { rule } });
    const listed = new Map<string, 'holidays' | 'workdays'>();
    for (const list of ['holidays', 'workdays'] as const) {
      input[list].forEach(({ date }, index) => {
        const path = [list, index, 'date'];
        const weekday = weekdayOf(date);
        if (weekday === undefined) return fail(path, CalendarRule.NoSuchDate, `${date} is not a date`);
        if (!date.startsWith(`${year}-`))
          return fail(path, CalendarRule.OutsideYear, `${date} is not in ${year}`);
        const weekend = weekday === 0 || weekday === 6;
        if (list === 'holidays' && weekend)
          fail(
            path,
            CalendarRule.HolidayNotWeekday,
            `${date} is a ${WEEKDAY_NAMES[weekday]}: a holiday is a weekday off (weekends are off anyway)`,
          );
        if (list === 'workdays' && !weekend)
          fail(
            path,
            CalendarRule.WorkdayNotWeekend,
            `${date} is a ${WEEKDAY_NAMES[weekday]}: a make-up working day is a Saturday or Sunday`,
          );
        const earlier = listed.get(date);
        if (earlier === list) fail(path, CalendarRule.DuplicateDate, `${date} is listed twice`);
        else if (earlier) fail(path, CalendarRule.HolidayAndWorkday, `${date} is also listed in ${earlier}`);
        else listed.set(date, list);
      });
    }
  });
}

/** A year's days, checked: each date once, with its note (null for none). */
export interface ValidCalendarYear {
  holidays: { date: string; note: string | null }[];
  workdays: { date: string; note: string | null }[];
}

/**
 * Checks `input` as the days of `year`. Throws `CalendarError` `CALENDAR_INVALID` (the API answers 422) naming every offending field
 * (`holidays.2.date`), the rule broken as each detail's code.
 */
export function parseCalendarYear(year: number, input: unknown): ValidCalendarYear {
  const yearCheck = calendarYearNumberSchema.safeParse(year);
  if (!yearCheck.success) throw invalid(issuesToDetails(yearCheck.error.issues), 'year');
  const result = calendarYearSchemaFor(year).safeParse(input);
  if (!result.success) {
    const details = result.error.issues.map((issue): DomainErrorDetail => {
      const detail = issuesToDetails([issue])[0];
      const rule =
        issue.code === 'custom' ? (issue.params as { rule?: string } | undefined)?.rule : undefined;
      return rule ? { ...detail, code: rule } : detail;
    });
    throw invalid(details);
  }
  const withNote = ({ date, note }: { date: string; note?: string | null }) => ({
    date,
    note: note ? note : null,
  });
  return { holidays: result.data.holidays.map(withNote), workdays: result.data.workdays.map(withNote) };
}

function invalid(details: DomainErrorDetail[], prefix?: string): CalendarError {
  const prefixed = prefix
    ? details.map((detail) => ({ ...detail, path: [prefix, detail.path].filter(Boolean).join('.') }))
    : details;
  const first = prefixed[0];
  return new CalendarError(
    CalendarErrorCode.Invalid,
    `${first.path || 'body'}: ${first.message}`,
    first.path,
    prefixed,
  );
}
