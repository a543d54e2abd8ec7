import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** One step of one case: the key of a step row and of its task. */
export interface StepKey {
  caseId: string;
  stepId: string;
}

/** A manual step's working-day clock as its task workflow computed it. */
export interface SlaClock {
  dueDate: string;
  dueAt: Date;
  dueSoonAt: Date;
  /** The case waits on the applicant: the clock stands still from the first pause on. */
  paused: boolean;
}

/**
 * The SLA columns are embedded in both the step row and its task row (each view reads its own): the
 * same guarded writes for both tables.
 */
export class SlaColumnsWriter {
  constructor(
    private readonly manager: EntityManager,
    private readonly entity: EntityTarget<ObjectLiteral>,
  ) {}

  async record(key: StepKey, clock: SlaClock): Promise<void> {
    await this.manager
      .createQueryBuilder()
      .update(this.entity)
      .set({
        sla: {
          dueDate: clock.dueDate,
          dueAt: clock.dueAt,
          dueSoonAt: clock.dueSoonAt,
          slaPausedAt: clock.paused ? () => 'COALESCE(sla_paused_at, now())' : null,
        },
      })
      .where('case_id = :caseId AND step_id = :stepId', { caseId: key.caseId, stepId: key.stepId })
      .execute();
  }

  /** False when the breach was already recorded. */
  async markBreached(key: StepKey): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(this.entity)
      .set({ sla: { breachedAt: () => 'now()' } })
      .where('case_id = :caseId AND step_id = :stepId AND breached_at IS NULL', {
        caseId: key.caseId,
        stepId: key.stepId,
      })
      .execute();
    return result.affected === 1;
  }
}
