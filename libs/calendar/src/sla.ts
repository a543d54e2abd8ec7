import { WorkingCalendar } from './working-calendar';

/**
 * A step's legal time limit as a clock over working days. Pure functions of (calendar, state, now), so
 * workflow code can run them with its deterministic clock and a calendar it received from an activity.
 *
 * Days are China Standard Time dates (UTC+8, no daylight saving, so a fixed offset is exact). The clock
 * starts the day the step starts (that day does not count, as in administrative law), ends at the close
 * of its due date, and pauses while the case waits on the applicant (补正期间不计入办理时限): the working
 * days already used are kept and the rest count again from the day the answer arrives.
 */
export interface SlaClock {
  limitWorkingDays: number;
  /** Working days consumed before the last pause. */
  usedWorkingDays: number;
  /** The day the clock (re)started. */
  runningSince: string;
  /** Set while the clock is paused (the day it paused). */
  pausedOn?: string;
  dueDate: string;
  /** Epoch ms: the end of the due date. */
  dueAt: number;
  /** Epoch ms: the start of the due date (from then on the step is due soon). */
  dueSoonAt: number;
}

export type SlaState = 'on-time' | 'due-soon' | 'breached' | 'paused';

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The China Standard Time date of an instant. */
export function chinaDate(epochMs: number): string {
  return new Date(epochMs + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China Standard Time day starts. */
export function startOfChinaDay(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) - CHINA_OFFSET_MS;
}

function withDueDate(clock: Omit<SlaClock, 'dueDate' | 'dueAt' | 'dueSoonAt'>, dueDate: string): SlaClock {
  const dueSoonAt = startOfChinaDay(dueDate);
  return { ...clock, dueDate, dueSoonAt, dueAt: dueSoonAt + DAY_MS };
}

export function startSlaClock(calendar: WorkingCalendar, limitWorkingDays: number, nowMs: number): SlaClock {
  const today = chinaDate(nowMs);
  return withDueDate(
    { limitWorkingDays, usedWorkingDays: 0, runningSince: today },
    calendar.addWorkingDays(today, limitWorkingDays),
  );
}

/** Stops the clock, keeping the working days used so far. Pausing a paused clock changes nothing. */
export function pauseSlaClock(calendar: WorkingCalendar, clock: SlaClock, nowMs: number): SlaClock {
  if (clock.pausedOn) return clock;
  const today = chinaDate(nowMs);
  return {
    ...clock,
    usedWorkingDays: clock.usedWorkingDays + calendar.workingDaysBetween(clock.runningSince, today),
    pausedOn: today,
  };
}

/** Restarts the clock with the working days left; the due date moves by the paused time. */
export function resumeSlaClock(calendar: WorkingCalendar, clock: SlaClock, nowMs: number): SlaClock {
  if (!clock.pausedOn) return clock;
  const today = chinaDate(nowMs);
  const left = Math.max(clock.limitWorkingDays - clock.usedWorkingDays, 0);
  const { pausedOn: _paused, ...running } = clock;
  return withDueDate({ ...running, runningSince: today }, calendar.addWorkingDays(today, left));
}

/** When escalation is due: `afterWorkingDays` past the due date (0: at the breach itself). */
export function escalationDueAt(
  calendar: WorkingCalendar,
  clock: SlaClock,
  afterWorkingDays: number,
): number {
  if (afterWorkingDays === 0) return clock.dueAt;
  return startOfChinaDay(calendar.addWorkingDays(clock.dueDate, afterWorkingDays)) + DAY_MS;
}

/**
 * What a worklist shows. A recorded breach stays a breach even if the clock was paused later; a paused
 * clock's due date is stale until it resumes, so it is not compared.
 */
export function slaStateAt(
  clock: Pick<SlaClock, 'dueAt' | 'dueSoonAt'> & { paused: boolean; breached: boolean },
  nowMs: number,
): SlaState {
  if (clock.breached) return 'breached';
  if (clock.paused) return 'paused';
  if (nowMs >= clock.dueAt) return 'breached';
  return nowMs >= clock.dueSoonAt ? 'due-soon' : 'on-time';
}
