import { WorkingCalendar } from './working-calendar';
import { calendarFromChineseDays } from './seed';

// The 2026 National Day golden week: 1–7 October off, Saturday 10 October a make-up working day.
const calendar = new WorkingCalendar(calendarFromChineseDays([2026]));

describe('WorkingCalendar', () => {
  it('counts a limit across a weekend: accepted Friday, 1 working day → due Monday', () => {
    expect(calendar.addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
  });

  it('skips a public holiday and counts a make-up Saturday as a working day', () => {
    // Tuesday 29 Sept + 3 working days: Wed 30 Sept, (1–7 Oct off), Thu 8 Oct, Fri 9 Oct.
    expect(calendar.addWorkingDays('2026-09-29', 3)).toBe('2026-10-09');
    // One more lands on the make-up Saturday 10 October, not on Monday 12 October.
    expect(calendar.addWorkingDays('2026-09-29', 4)).toBe('2026-10-10');
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-05')).toBe(false);
  });

  it('tells when a limit is breached: 5 working days from 28 Sept end on 10 Oct, so 12 Oct is past it', () => {
    const due = calendar.addWorkingDays('2026-09-28', 5);
    expect(due).toBe('2026-10-10');
    expect(calendar.workingDaysBetween('2026-09-28', '2026-10-12')).toBe(6);
    expect(calendar.workingDaysBetween('2026-09-28', due)).toBe(5);
  });

  it('refuses dates that do not exist and negative limits', () => {
    expect(() => calendar.addWorkingDays('2026-02-30', 1)).toThrow(/no such date/);
    expect(() => calendar.addWorkingDays('2026-03-01', -1)).toThrow(/working days/);
  });

  it('treats a year without published data as plain weekends', () => {
    const plain = new WorkingCalendar(calendarFromChineseDays([2035]));
    expect(plain.addWorkingDays('2035-10-01', 1)).toBe('2035-10-02');
  });
});
