import chineseDays from 'chinese-days';
import type { CalendarData } from './working-calendar';

/**
 * The State Council's published holidays and make-up days of `years`, from the well-kept `chinese-days`
 * package, as calendar data an administrator can then correct. A year the package does not know yet
 * (published each November for the next year) yields no exceptions: plain weekends only.
 */
export function calendarFromChineseDays(years: readonly number[]): CalendarData {
  const holidays: string[] = [];
  const workdays: string[] = [];
  for (const year of years) {
    for (
      let date = new Date(Date.UTC(year, 0, 1));
      date.getUTCFullYear() === year;
      date.setUTCDate(date.getUTCDate() + 1)
    ) {
      const iso = date.toISOString().slice(0, 10);
      const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
      const working = chineseDays.isWorkday(iso);
      if (weekend && working) workdays.push(iso);
      if (!weekend && !working) holidays.push(iso);
    }
  }
  return { holidays, workdays };
}
