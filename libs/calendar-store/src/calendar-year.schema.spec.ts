import { calendarFromChineseDays } from '@onething/calendar/node';
import { CalendarError, CalendarErrorCode } from '@onething/errors';
import { classify, statusOf } from '@onething/http';
import { parseCalendarYear } from './calendar-year.schema';
import { seedYears } from './seed-years';

const published2026 = calendarFromChineseDays([2026]);
const days = (dates: readonly string[]) => dates.map((date) => ({ date }));

/** The CalendarError `parseCalendarYear` throws for `input` as the days of `year`. */
function refusal(year: number, input: unknown): CalendarError {
  try {
    parseCalendarYear(year, input);
  } catch (error) {
    if (error instanceof CalendarError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseCalendarYear', () => {
  it('accepts the published 2026 calendar, trimming notes and reading an empty or null note as none', () => {
    const valid = parseCalendarYear(2026, {
      holidays: [
        { date: '2026-10-01', note: '  国庆节 ' },
        { date: '2026-10-02', note: '' },
        ...days(published2026.holidays.filter((d) => d > '2026-10-02' || d < '2026-10-01')),
      ],
      workdays: published2026.workdays.map((date) => ({ date, note: null })),
    });
    expect(valid.holidays).toContainEqual({ date: '2026-10-01', note: '国庆节' });
    expect(valid.holidays).toContainEqual({ date: '2026-10-02', note: null });
    expect(valid.holidays).toHaveLength(published2026.holidays.length);
    expect(valid.workdays).toContainEqual({ date: '2026-10-10', note: null });
  });

  it('accepts a year with no exceptions at all', () => {
    expect(parseCalendarYear(2031, { holidays: [], workdays: [] })).toEqual({ holidays: [], workdays: [] });
  });

  it('refuses a holiday on a Saturday with 422 CALENDAR_INVALID at holidays.2.date', () => {
    const error = refusal(2026, {
      holidays: days(['2026-10-01', '2026-10-02', '2026-10-03']),
      workdays: [],
    });
    expect(error.code).toBe(CalendarErrorCode.Invalid);
    expect(statusOf(classify(error).code)).toBe(422);
    expect(error.path).toBe('holidays.2.date');
    expect(error.message).toMatch(/^holidays\.2\.date: 2026-10-03 is a Saturday/);
    expect(error.details).toEqual([
      { code: 'holiday_not_weekday', path: 'holidays.2.date', message: expect.any(String) },
    ]);
  });

  it('refuses a make-up working day on a weekday', () => {
    const error = refusal(2026, { holidays: [], workdays: days(['2026-10-10', '2026-10-09']) });
    expect(error.details).toEqual([
      { code: 'workday_not_weekend', path: 'workdays.1.date', message: expect.stringMatching(/Friday/) },
    ]);
  });

  it('refuses a date that does not exist and a date of another year', () => {
    const error = refusal(2026, { holidays: days(['2026-02-30', '2027-01-01']), workdays: [] });
    expect(error.details.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'no_such_date', path: 'holidays.0.date' },
      { code: 'outside_year', path: 'holidays.1.date' },
    ]);
  });

  it('refuses a date listed twice, at its second place', () => {
    const error = refusal(2026, { holidays: days(['2026-10-01', '2026-10-02', '2026-10-01']), workdays: [] });
    expect(error.details.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'duplicate_date', path: 'holidays.2.date' },
    ]);
  });

  it('refuses a date that is both a holiday and a workday', () => {
    const error = refusal(2026, { holidays: days(['2026-10-01']), workdays: days(['2026-10-01']) });
    expect(error.details.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'workday_not_weekend', path: 'workdays.0.date' },
      { code: 'holiday_and_workday', path: 'workdays.0.date' },
    ]);
  });

  it('reports every problem, the first one as the error path', () => {
    const error = refusal(2026, {
      holidays: days(['2026-10-04', '2026-10-05']),
      workdays: days(['2026-13-01']),
    });
    expect(error.path).toBe('holidays.0.date');
    expect(error.details.map((detail) => detail.path)).toEqual(['holidays.0.date', 'workdays.0.date']);
  });

  it('refuses a body of the wrong shape with the field path', () => {
    expect(refusal(2026, { holidays: [{ date: '1 Oct 2026' }], workdays: [] }).path).toBe('holidays.0.date');
    expect(refusal(2026, { holidays: [] }).path).toBe('workdays');
    const unknown = refusal(2026, { holidays: [{ date: '2026-10-01', name: 'x' }], workdays: [] });
    expect(unknown.details[0]).toMatchObject({ code: 'unknown_field', path: 'holidays.0.name' });
    expect(
      refusal(2026, { holidays: [{ date: '2026-10-01', note: 'x'.repeat(201) }], workdays: [] }).path,
    ).toBe('holidays.0.note');
  });

  it('refuses a year outside 2000–2100 or not a whole number', () => {
    expect(refusal(1999, { holidays: [], workdays: [] }).path).toBe('year');
    expect(refusal(2101, { holidays: [], workdays: [] }).path).toBe('year');
    expect(refusal(2026.5, { holidays: [], workdays: [] }).path).toBe('year');
  });
});

describe('seedYears', () => {
  it('is this year and the next in Asia/Shanghai time', () => {
    expect(seedYears(new Date('2026-06-15T12:00:00Z'))).toEqual([2026, 2027]);
  });

  it('turns to the new year at midnight in Shanghai, 16:00 UTC on 31 December', () => {
    expect(seedYears(new Date('2026-12-31T15:59:59Z'))).toEqual([2026, 2027]);
    expect(seedYears(new Date('2026-12-31T16:00:00Z'))).toEqual([2027, 2028]);
  });
});
