import { Inject, Injectable } from '@nestjs/common';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { ReadModel } from '@onething/persistence';
import type { CaseActivities } from '@onething/workflows';
import type { ActivityGroup, ActivityInput } from './activity-input';

type CommitmentActivityName = 'recordCommitment' | 'recordCommitmentBreach';

/** The whole case's commitment (承诺时限) on the case row, and its breach as an event. */
@Injectable()
export class CommitmentActivities implements ActivityGroup<CommitmentActivityName> {
  constructor(
    private readonly readModel: ReadModel,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  async recordCommitment(input: ActivityInput<'recordCommitment'>): Promise<void> {
    await this.readModel.cases.recordCommitment(input.caseId, {
      dueDate: input.dueDate,
      dueAt: new Date(input.dueAt),
      dueSoonAt: new Date(input.dueSoonAt),
    });
  }

  async recordCommitmentBreach({ caseId }: ActivityInput<'recordCommitmentBreach'>): Promise<void> {
    await this.readModel.transaction(async (tx) => {
      if (await tx.cases.markCommitmentBreached(caseId))
        await tx.outbox.appendCaseEvent(caseId, 'case.commitment-breached', {});
    });
    this.log.warn({ caseId }, 'case past its commitment');
  }

  asActivities(): Pick<CaseActivities, CommitmentActivityName> {
    return {
      recordCommitment: (input) => this.recordCommitment(input),
      recordCommitmentBreach: (input) => this.recordCommitmentBreach(input),
    };
  }
}
