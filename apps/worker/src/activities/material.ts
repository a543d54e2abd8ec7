import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { projectContract } from '@onething/definition';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { Metrics } from '@onething/observability';
import { PinnedDefinitions } from '@onething/orchestration';
import { ReadModel } from '@onething/persistence';
import type { CaseActivities } from '@onething/workflows';
import { ApplicantNotices } from '../applicant-notices';
import { pinnedDefinition } from '../pinned-definitions';
import type { ActivityGroup, ActivityInput } from './activity-input';
import { ActivityFailureType } from '@onething/case-model';

type MaterialActivityName = 'recordMaterialRequest' | 'sendMaterialNotice' | 'applyMaterialAnswer';

/**
 * More material (一次告知): each step's request stored, the requests of one window sent to the
 * applicant as one notice, and the one answer applied — each asking step receives only the fields it
 * asked for, within its own contract.
 */
@Injectable()
export class MaterialActivities implements ActivityGroup<MaterialActivityName> {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    private readonly applicantNotices: ApplicantNotices,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
    private readonly metrics: Metrics,
  ) {}

  async recordMaterialRequest(input: ActivityInput<'recordMaterialRequest'>): Promise<void> {
    const recorded = await this.readModel.transaction(async (tx) => {
      const recorded = await tx.material.recordRequest({
        caseId: input.caseId,
        stepId: input.stepId,
        department: input.department,
        fields: input.fields,
        message: input.message,
        requestedBy: input.requestedBy,
        requestKey: input.requestKey,
      });
      await tx.tasks.awaitMaterial(input);
      if (recorded) {
        await tx.outbox.appendCaseEvent(input.caseId, 'material.requested', {
          stepId: input.stepId,
          fields: input.fields,
        });
      }
      return recorded;
    });
    if (recorded) this.metrics.materialRequests.inc({ department: input.department });
  }

  async sendMaterialNotice(input: ActivityInput<'sendMaterialNotice'>): Promise<void> {
    const created = await this.readModel.transaction(async (tx) => {
      if (!(await tx.material.openNotice(input))) return false;
      await tx.outbox.appendCaseEvent(input.caseId, 'material.notice-sent', {
        noticeId: input.noticeId,
        stepIds: input.stepIds,
      });
      return true;
    });
    if (!created) this.log.info({ caseId: input.caseId, noticeId: input.noticeId }, 'notice already stored');
    await this.applicantNotices.materialRequested(input.caseId, input.noticeId, input.stepIds);
  }

  async applyMaterialAnswer(input: ActivityInput<'applyMaterialAnswer'>): Promise<void> {
    const definition = await pinnedDefinition(this.definitions, input);
    await this.readModel.transaction(async (tx) => {
      const answer = await tx.material.lockAnswer(input.noticeId, input.answerId);
      if (!answer) throw ApplicationFailure.nonRetryable('No such answer', ActivityFailureType.UnknownAnswer);
      if (answer.status === 'applied') return;
      const application = await tx.cases.application(input.caseId);
      await tx.cases.replaceApplication(input.caseId, { ...application, ...answer.values });
      const requests = await tx.material.requestsOf(input.noticeId);
      // Each asking step receives the fields it asked for, within its own contract, and nothing else.
      for (const request of requests) {
        // Conditional entries are decided on the whole (updated) application; only asked fields are sent.
        const projected = projectContract(definition, request.stepId, { ...application, ...answer.values });
        const fresh = Object.fromEntries(
          Object.entries(projected).filter(
            ([field]) =>
              request.fields.includes(field) && Object.prototype.hasOwnProperty.call(answer.values, field),
          ),
        );
        const task = await tx.tasks.findByStep({ caseId: input.caseId, stepId: request.stepId });
        if (task) await tx.tasks.answerMaterial(task.id, { ...task.data, ...fresh });
      }
      await tx.material.markNoticeAnswered(input.noticeId);
      await tx.material.markAnswer(answer.id, 'applied');
      await tx.outbox.appendCaseEvent(input.caseId, 'material.answered', {
        noticeId: input.noticeId,
        stepIds: requests.map((request) => request.stepId),
        fields: Object.keys(answer.values),
      });
    });
  }

  asActivities(): Pick<CaseActivities, MaterialActivityName> {
    return {
      recordMaterialRequest: (input) => this.recordMaterialRequest(input),
      sendMaterialNotice: (input) => this.sendMaterialNotice(input),
      applyMaterialAnswer: (input) => this.applyMaterialAnswer(input),
    };
  }
}
