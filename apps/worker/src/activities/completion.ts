import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { ConnectorCatalog } from '@onething/connectors';
import type { LocalizedText } from '@onething/definition';
import { NotificationService } from '@onething/notifications';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { Metrics } from '@onething/observability';
import { PinnedDefinitions } from '@onething/orchestration';
import { ReadModel } from '@onething/persistence';
import type { CaseResultSummary } from '@onething/case-model';
import type { CaseActivities } from '@onething/workflows';
import { ApplicantNotices } from '../applicant-notices';
import { pinnedDefinition } from '../pinned-definitions';
import type { ActivityGroup, ActivityInput } from './activity-input';
import { ActivityFailureType } from '@onething/case-model';

/**
 * The merged result and its `case.completed` event, once (a repeated call changes nothing); true when
 * this call stored it.
 */
export async function storeCaseResult(
  readModel: ReadModel,
  caseId: string,
  result: CaseResultSummary,
): Promise<boolean> {
  return readModel.transaction(async (tx) => {
    const completed = await tx.cases.complete(caseId, result);
    if (completed) await tx.outbox.appendCaseEvent(caseId, 'case.completed', { decision: result.decision });
    return completed;
  });
}

type CompletionActivityName =
  'completeCase' | 'closeOpenSteps' | 'cancelSteps' | 'compensateStep' | 'recordCaseAction';

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

/**
 * How a case ends: its merged result stored and the applicant told; on withdrawal or cancellation the
 * open work closed and approved steps undone (compensation); the action that ended it audited.
 */
@Injectable()
export class CompletionActivities implements ActivityGroup<CompletionActivityName> {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    private readonly connectors: ConnectorCatalog,
    private readonly applicantNotices: ApplicantNotices,
    private readonly notifications: NotificationService,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
    private readonly metrics: Metrics,
  ) {}

  async completeCase({ caseId, result }: ActivityInput<'completeCase'>): Promise<void> {
    if (await storeCaseResult(this.readModel, caseId, result)) {
      const definitionKey = (await this.readModel.cases.find(caseId))?.definitionKey ?? 'unknown';
      this.metrics.casesCompleted.inc({ one_thing: definitionKey, result: result.decision });
    }
    this.log.info({ caseId, decision: result.decision }, 'case result stored');
    await this.applicantNotices.caseEnded(caseId);
  }

  async closeOpenSteps({ caseId, reason }: ActivityInput<'closeOpenSteps'>): Promise<void> {
    await this.readModel.transaction(async (tx) => {
      const closed = await tx.tasks.cancelOpen(caseId, reason);
      await tx.steps.cancelOpen(caseId, reason);
      await tx.material.closeOpenNotices(caseId);
      if (closed.length > 0)
        await tx.outbox.appendCaseEvent(caseId, 'task.closed', { taskIds: closed, reason });
    });
  }

  /** A rejection decided the case: these steps' open work stops, and each department is told once. */
  async cancelSteps({ caseId, stepIds, reason }: ActivityInput<'cancelSteps'>): Promise<void> {
    const closed = await this.readModel.transaction(async (tx) => {
      const tasks = await tx.tasks.cancelSteps(caseId, stepIds, reason);
      const steps = await tx.steps.cancelSteps(caseId, stepIds, reason);
      // Once, however often the activity is retried.
      if (steps > 0) {
        await tx.outbox.appendCaseEvent(caseId, 'case.steps.cancelled', {
          stepIds,
          taskIds: tasks.map((task) => task.id),
          reason,
        });
      }
      return tasks;
    });
    for (const task of closed) {
      const staff = await this.readModel.staff.worklistStaffOf(task.department);
      await this.notifications.notify({
        dedupeKey: `task-cancelled:${task.id}`,
        recipientAccountIds: [
          ...new Set([...staff, ...(task.assigneeAccountId ? [task.assigneeAccountId] : [])]),
        ],
        kind: 'task-cancelled',
        caseId,
        title: text('任务已取消', 'A task was cancelled'),
        body: text(
          `步骤 ${task.stepId} 的任务已取消，无需继续办理：${reason}`,
          `The task of step ${task.stepId} was cancelled and needs no more work: ${reason}`,
        ),
        data: { taskId: task.id, stepId: task.stepId, department: task.department },
      });
    }
    this.log.info({ caseId, stepIds }, 'steps cancelled after a deciding rejection');
  }

  async compensateStep(input: ActivityInput<'compensateStep'>): Promise<void> {
    const definition = await pinnedDefinition(this.definitions, input);
    const step = definition.steps.find((candidate) => candidate.id === input.stepId);
    if (!step?.compensate) {
      throw ApplicationFailure.nonRetryable(
        `Step ${input.stepId} has no undo action`,
        ActivityFailureType.ConnectorMisconfigured,
      );
    }
    const { action } = step.compensate;
    const connector = step.compensate.connector ?? step.connector;
    // A manual step's undo without a system to call is recorded for the department to carry out.
    const outcome = connector
      ? await (
          await this.connectors.forCase(input.caseId, connector)
        ).connector.compensate({ caseId: input.caseId, stepId: input.stepId, action, reason: input.reason })
      : { status: 'recorded' as const };
    const revoked = await this.readModel.transaction(async (tx) => {
      if (await tx.steps.markCompensated(input)) {
        await tx.outbox.appendCaseEvent(input.caseId, 'case.step.compensated', {
          stepId: input.stepId,
          action,
          reason: input.reason,
          ...(input.because ? { because: input.because } : {}),
          departmentAnswer: outcome.status,
        });
      }
      // Undone because a rejection (its verification's) followed: the approval on the pledge is revoked.
      return step.pledge !== undefined && input.reason === 'rejected'
        ? tx.proactive.revokePledge(input.caseId, input.stepId)
        : false;
    });
    this.log.info({ caseId: input.caseId, stepId: input.stepId, reason: input.reason }, 'step compensated');
    // Told once per revocation; a retried activity finds the pledge revoked and the notice's dedupe key.
    if (revoked || (step.pledge && (await this.pledgeRevokedBefore(input.caseId, input.stepId))))
      await this.applicantNotices.pledgeRevoked(input.caseId, input.stepId);
  }

  private async pledgeRevokedBefore(caseId: string, stepId: string): Promise<boolean> {
    const pledges = await this.readModel.proactive.pledges(caseId);
    return pledges.some((pledge) => pledge.stepId === stepId && pledge.revokedAt !== null);
  }

  async recordCaseAction(input: ActivityInput<'recordCaseAction'>): Promise<void> {
    await this.readModel.outbox.appendCaseEvent(input.caseId, `case.action.${input.action}`, {
      actorAccountId: input.actorAccountId,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.stepId ? { stepId: input.stepId } : {}),
    });
  }

  asActivities(): Pick<CaseActivities, CompletionActivityName> {
    return {
      completeCase: (input) => this.completeCase(input),
      closeOpenSteps: (input) => this.closeOpenSteps(input),
      cancelSteps: (input) => this.cancelSteps(input),
      compensateStep: (input) => this.compensateStep(input),
      recordCaseAction: (input) => this.recordCaseAction(input),
    };
  }
}
