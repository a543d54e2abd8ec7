import { z } from 'zod';
import {
  calendarYearInputSchema,
  calendarYearNumberSchema,
  type CalendarYear,
} from '@onething/calendar-store';

/** `:year` in the path, 2000–2100. */
export const calendarYearParamSchema = z.coerce.number().pipe(calendarYearNumberSchema);

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
