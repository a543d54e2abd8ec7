import { allHandlersFinished, condition } from '@temporalio/workflow';
import {
  chinaDate,
  escalationDueAt,
  pauseSlaClock,
  resumeSlaClock,
  startSlaClock,
  WorkingCalendar,
  type SlaClock,
} from '@onething/calendar';
import type { TaskState } from './messages';
import type { TaskRun } from './run';

type TrackedClock = NonNullable<TaskState['sla']>;

/**
 * Until the task is decided: keeps the SLA clock (paused while the applicant owes material), records
 * a breach when the due date passes, and escalates as the definition says. The task is never dropped.
 */
export async function runSlaClock(run: TaskRun): Promise<void> {
  // The calendar comes through an activity, so it is in history: replay sees the same working days.
  const calendar = new WorkingCalendar(
    await run.activities.loadWorkingCalendar({ fromDate: chinaDate(Date.now()) }),
  );
  run.state.priority = 'normal';
  const clock = keep(run, {
    ...startSlaClock(calendar, run.input.sla!.workingDays, Date.now()),
    breached: false,
    escalated: false,
  });
  await record(run, clock);
  // A decision whose recording failed puts the task back to open: the clock goes on.
  do {
    await keepClockUntilDecided(run, calendar);
    await condition(allHandlersFinished);
  } while (run.state.status !== 'decided');
}

/*
 * Determinism: every activity and condition is awaited in this loop itself, so each command is emitted
 * in the same microtask as in the recorded histories.
 */
async function keepClockUntilDecided(run: TaskRun, calendar: WorkingCalendar): Promise<void> {
  const { state, activities, input, ref } = run;
  while (state.status !== 'decided') {
    const clock = state.sla!;
    const waiting = state.status === 'awaiting_material';
    if (waiting !== (clock.pausedOn !== undefined)) {
      const now = Date.now();
      const moved = waiting ? pauseSlaClock(calendar, clock, now) : resumeSlaClock(calendar, clock, now);
      await record(run, keep(run, { ...moved, breached: clock.breached, escalated: clock.escalated }));
      continue;
    }
    const seen = run.changes;
    const wakeAt = waiting ? undefined : nextDeadline(run, calendar, clock);
    if (wakeAt === undefined) {
      await condition(() => run.changes !== seen);
      continue;
    }
    // Already due (an escalation at the breach itself): act now rather than through a zero timer.
    const wait = wakeAt - Date.now();
    if (wait > 0 && (await condition(() => run.changes !== seen, wait))) continue;
    if (!clock.breached) {
      keep(run, { ...clock, breached: true });
      await activities.recordSlaBreach(ref);
    } else if (input.escalation) {
      const { department } = await activities.escalateTask({
        ...ref,
        department: run.holder(),
        to: input.escalation.to,
        leadDepartment: input.leadDepartment ?? input.department,
      });
      state.department = department;
      state.priority = 'urgent';
      keep(run, { ...clock, escalated: true });
    }
  }
}

/** When the clock next acts: the due time, then the escalation's; undefined when nothing is left. */
function nextDeadline(run: TaskRun, calendar: WorkingCalendar, clock: TrackedClock): number | undefined {
  const escalation = run.input.escalation;
  if (!clock.breached) return clock.dueAt;
  if (escalation && !clock.escalated) return escalationDueAt(calendar, clock, escalation.afterWorkingDays);
  return undefined;
}

/** The clock as the `taskState` query shows it. */
function keep(run: TaskRun, clock: TrackedClock): TrackedClock {
  run.state.sla = clock;
  return clock;
}

function record(run: TaskRun, clock: SlaClock): Promise<void> {
  return run.activities.recordSla({
    ...run.ref,
    dueDate: clock.dueDate,
    dueAt: clock.dueAt,
    dueSoonAt: clock.dueSoonAt,
    paused: clock.pausedOn !== undefined,
  });
}
