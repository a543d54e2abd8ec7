import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { chinaDate } from '@onething/calendar';
import { ActivityFailureType } from '@onething/case-model';
import { ReadModel } from '@onething/persistence';
import type { CaseActivities, StepDecision } from '@onething/workflows';
import { ApplicantNotices } from '../applicant-notices';
import type { ActivityGroup, ActivityInput } from './activity-input';
import { SlaActivities } from './sla';

/** The reason a pledged step carries: the department sees why it approved without deciding. */
export const PLEDGE_APPROVAL_REASON = "Approved on the applicant's signed pledge; verified later";

type PledgeActivityName = 'approveOnPledge';

/** Pledge mode (承诺办): a pledged step approves at once on the pledge its applicant signed. */
@Injectable()
export class PledgeActivities implements ActivityGroup<PledgeActivityName> {
  constructor(private readonly readModel: ReadModel) {}

  async approveOnPledge(ref: ActivityInput<'approveOnPledge'>): Promise<StepDecision> {
    const decision: StepDecision = { decision: 'approved', reason: PLEDGE_APPROVAL_REASON };
    await this.readModel.transaction(async (tx) => {
      const signed = (await tx.proactive.pledges(ref.caseId)).some((pledge) => pledge.stepId === ref.stepId);
      if (!signed)
        throw ApplicationFailure.nonRetryable(
          `No signed pledge for step ${ref.stepId}`,
          ActivityFailureType.ValidationFailed,
        );
      // Running, then approved: the step's state machine has no shortcut, and each move has its event.
      if (await tx.steps.move(ref, 'running', null)) {
        await tx.cases.markInProgress(ref.caseId);
        await tx.outbox.appendCaseEvent(ref.caseId, 'case.step.running', { stepId: ref.stepId });
      }
      if (await tx.steps.move(ref, 'approved', decision.reason ?? null))
        await tx.outbox.appendCaseEvent(ref.caseId, 'case.step.completed', {
          stepId: ref.stepId,
          decision: 'approved',
          onPledge: true,
        });
    });
    return decision;
  }

  asActivities(): Pick<CaseActivities, PledgeActivityName> {
    return { approveOnPledge: (ref) => this.approveOnPledge(ref) };
  }
}

/** The activities of a proactive case's offer workflow (not case activities: a workflow of its own). */
@Injectable()
export class ProactiveOfferActivities {
  constructor(
    private readonly readModel: ReadModel,
    private readonly notices: ApplicantNotices,
    private readonly sla: SlaActivities,
  ) {}

  async notifyProactiveOffer({ caseId }: { caseId: string }): Promise<boolean> {
    const offer = await this.readModel.proactive.findOffer(caseId);
    const row = await this.readModel.cases.find(caseId);
    if (!offer || row?.status !== 'awaiting_confirmation') return false;
    await this.notices.proactiveOffer(caseId, chinaDate(offer.confirmBy.getTime()));
    return true;
  }

  async expireProactiveOffer({ caseId }: { caseId: string }): Promise<void> {
    await this.readModel.transaction(async (tx) => {
      if (await tx.cases.closeUnconfirmed(caseId, 'expired')) {
        await tx.proactive.settleOffer(caseId);
        await tx.outbox.appendCaseEvent(caseId, 'case.expired', {});
      }
    });
  }

  asActivities() {
    return {
      notifyProactiveOffer: (input: { caseId: string }) => this.notifyProactiveOffer(input),
      expireProactiveOffer: (input: { caseId: string }) => this.expireProactiveOffer(input),
      loadWorkingCalendar: (input: { fromDate: string }) => this.sla.loadWorkingCalendar(input),
    };
  }
}
