import { calendarFromChineseDays } from './seed';
import {
  chinaDate,
  escalationDueAt,
  pauseSlaClock,
  resumeSlaClock,
  slaStateAt,
  startOfChinaDay,
  startSlaClock,
} from './sla';
import { WorkingCalendar } from './working-calendar';

const calendar = new WorkingCalendar(calendarFromChineseDays([2026]));
/** An instant on a China Standard Time day at the given hour. */
const at = (iso: string, hour = 10) => startOfChinaDay(iso) + hour * 3_600_000;

describe('SLA clock over working days (China Standard Time)', () => {
  it('maps instants to China dates: 23:30 UTC is already the next day in Beijing', () => {
    expect(chinaDate(Date.parse('2026-09-29T23:30:00Z'))).toBe('2026-09-30');
    expect(chinaDate(Date.parse('2026-09-29T15:59:59Z'))).toBe('2026-09-29');
  });

  it('is due at the end of the Nth working day, across National Day and the make-up Saturday', () => {
    const clock = startSlaClock(calendar, 4, at('2026-09-29'));
    expect(clock.dueDate).toBe('2026-10-10');
    expect(clock.dueAt).toBe(Date.parse('2026-10-10T16:00:00Z'));
    expect(slaStateAt({ ...clock, paused: false, breached: false }, at('2026-10-09'))).toBe('on-time');
    expect(slaStateAt({ ...clock, paused: false, breached: false }, at('2026-10-10'))).toBe('due-soon');
    expect(slaStateAt({ ...clock, paused: false, breached: false }, at('2026-10-11'))).toBe('breached');
  });

  it('pauses while the applicant owes material and counts only the working days left afterwards', () => {
    // Monday 9 Nov, 5 working days: due Monday 16 Nov. Two used by Wednesday 11 Nov, then paused.
    const started = startSlaClock(calendar, 5, at('2026-11-09'));
    expect(started.dueDate).toBe('2026-11-16');
    const paused = pauseSlaClock(calendar, started, at('2026-11-11'));
    expect(paused.usedWorkingDays).toBe(2);
    expect(slaStateAt({ ...paused, paused: true, breached: false }, at('2026-11-20'))).toBe('paused');
    // The answer arrives Friday 20 Nov: 3 working days left → Wednesday 25 Nov.
    const resumed = resumeSlaClock(calendar, paused, at('2026-11-20'));
    expect(resumed.pausedOn).toBeUndefined();
    expect(resumed.dueDate).toBe('2026-11-25');
    expect(pauseSlaClock(calendar, paused, at('2026-11-12'))).toBe(paused);
  });

  it('escalates N working days after the due date, or at the breach when N is 0', () => {
    const clock = startSlaClock(calendar, 1, at('2026-11-27'));
    expect(clock.dueDate).toBe('2026-11-30');
    expect(escalationDueAt(calendar, clock, 0)).toBe(clock.dueAt);
    expect(escalationDueAt(calendar, clock, 1)).toBe(Date.parse('2026-12-01T16:00:00Z'));
  });
});
