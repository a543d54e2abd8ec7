import { z } from 'zod';
import {
  calendarYearInputSchema,
  MAX_CALENDAR_YEAR,
  MIN_CALENDAR_YEAR,
  type CalendarYear,
} from '@onething/calendar-store';
import { yearParam } from '@onething/text';

/** `:year` in the path: exactly four decimal digits, 2000–2100 (`0x7e9` is not 2025). */
export const calendarYearParamSchema = yearParam({ min: MIN_CALENDAR_YEAR, max: MAX_CALENDAR_YEAR });

/**
 * `PUT /admin/calendar/:year`: `{ holidays: [{date, note?}], workdays: [{date, note?}] }`. A malformed body
 * is 400 `VALIDATION_FAILED`; days that break the calendar's rules are the store's 422 `CALENDAR_INVALID`.
 */
export const replaceCalendarYearSchema = calendarYearInputSchema;
export type ReplaceCalendarYearDto = z.infer<typeof replaceCalendarYearSchema>;

export interface CalendarYearView {
  year: number;
  source: CalendarYear['source'];
  holidays: CalendarYear['holidays'];
  workdays: CalendarYear['workdays'];
  updatedAt: string;
  updatedBy: string | null;
}

export function toCalendarYearView(year: CalendarYear): CalendarYearView {
  return { ...year, updatedAt: year.updatedAt.toISOString() };
}

// ---- responses (OpenAPI) ----

const calendarDaySchema = z.looseObject({ date: z.iso.date(), note: z.string().nullable().optional() });
export const calendarYearResponseSchema = z.object({
  year: z.number().int(),
  source: z.string(),
  holidays: z.array(calendarDaySchema),
  workdays: z.array(calendarDaySchema),
  updatedAt: z.iso.datetime({ offset: true }),
  updatedBy: z.string().nullable(),
});
