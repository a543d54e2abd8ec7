import { Inject, Injectable } from '@nestjs/common';
import type { CalendarData } from '@onething/calendar';
import { CalendarStore } from '@onething/calendar-store';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { Metrics } from '@onething/observability';
import { ReadModel, type SlaClock } from '@onething/persistence';
import type { CaseActivities, StepRef } from '@onething/workflows';
import type { ActivityGroup, ActivityInput } from './activity-input';

type SlaActivityName = 'loadWorkingCalendar' | 'recordSla' | 'recordSlaBreach';

/**
 * A manual step's time limit in working days: the calendar its task workflow counts with, and its clock
 * and breach recorded on both the step (the case view) and the task (the worklist).
 */
@Injectable()
export class SlaActivities implements ActivityGroup<SlaActivityName> {
  constructor(
    private readonly readModel: ReadModel,
    private readonly calendar: CalendarStore,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
    private readonly metrics: Metrics,
  ) {}

  async loadWorkingCalendar({ fromDate }: ActivityInput<'loadWorkingCalendar'>): Promise<CalendarData> {
    const year = Number(fromDate.slice(0, 4));
    // A limit of up to 365 working days ends within two years.
    return this.calendar.load([year, year + 1, year + 2]);
  }

  async recordSla(input: ActivityInput<'recordSla'>): Promise<void> {
    const clock: SlaClock = {
      dueDate: input.dueDate,
      dueAt: new Date(input.dueAt),
      dueSoonAt: new Date(input.dueSoonAt),
      paused: input.paused,
    };
    await this.readModel.transaction(async (tx) => {
      await tx.steps.recordSla(input, clock);
      await tx.tasks.recordSla(input, clock);
    });
  }

  async recordSlaBreach(input: StepRef): Promise<void> {
    const breached = await this.readModel.transaction(async (tx) => {
      const onStep = await tx.steps.markBreached(input);
      const onTask = await tx.tasks.markBreached(input);
      if (onStep || onTask)
        await tx.outbox.appendCaseEvent(input.caseId, 'case.step.sla-breached', { stepId: input.stepId });
      return onStep || onTask;
    });
    if (breached) {
      const department = (await this.readModel.steps.timing(input))?.department ?? 'unknown';
      this.metrics.slaBreaches.inc({ department });
    }
    this.log.warn({ caseId: input.caseId, stepId: input.stepId }, 'step past its time limit');
  }

  asActivities(): Pick<CaseActivities, SlaActivityName> {
    return {
      loadWorkingCalendar: (input) => this.loadWorkingCalendar(input),
      recordSla: (input) => this.recordSla(input),
      recordSlaBreach: (input) => this.recordSlaBreach(input),
    };
  }
}
