import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, EntityManager } from 'typeorm';
import { projectContract } from '@onething/definition';
import { ConnectorRegistry, ConnectorTransportError, UnknownConnectorError } from '@onething/connectors';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import {
  CaseEntity,
  caseStatusesBefore,
  CaseStepEntity,
  stepStatusesBefore,
  TaskEntity,
  type StepStatus,
} from '@onething/persistence';
import { ApplicantNotices } from './applicant-notices';
import { recordCaseEvent } from './case-events';
import { PinnedDefinitions } from './pinned-definitions';
import type { CaseActivities, CaseResultSummary, StepDecision, StepRef } from '@onething/workflows';

type CoreCaseActivities = Pick<
  CaseActivities,
  'performAutoStep' | 'runAutoStep' | 'recordStepState' | 'recordStepDecision' | 'openTask' | 'completeCase'
>;

/**
 * The case workflows' activities. Each one writes the read model idempotently: a retried activity, or
 * one re-run after the worker died, finds the state it already wrote and changes nothing twice; every
 * change writes its event to the outbox in the same transaction.
 */
@Injectable()
export class CaseActivitiesService implements CoreCaseActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly definitions: PinnedDefinitions,
    private readonly connectors: ConnectorRegistry,
    private readonly applicantNotices: ApplicantNotices,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  async performAutoStep(ref: StepRef): Promise<StepDecision> {
    await this.recordStepState({ ...ref, status: 'running' });
    const decision = await this.runAutoStep(ref);
    await this.recordStepDecision({ ...ref, ...decision });
    return decision;
  }

  async runAutoStep(ref: StepRef): Promise<StepDecision> {
    const definition = await this.definitions.get(ref);
    const step = definition.steps.find((s) => s.id === ref.stepId);
    if (!step?.connector) {
      throw ApplicationFailure.nonRetryable(`Step ${ref.stepId} has no connector`, 'ConnectorMisconfigured');
    }
    const application = await this.application(ref.caseId);
    const data = projectContract(definition, ref.stepId, application);
    // A slow department keeps the activity alive by heartbeats; a dead worker stops them and Temporal retries.
    const context = Context.current();
    const heartbeat = setInterval(() => context.heartbeat(), 1000);
    try {
      const decision = await this.connectors
        .get(step.connector)
        .check({ caseId: ref.caseId, stepId: ref.stepId, data }, context.cancellationSignal);
      this.log.info(
        { caseId: ref.caseId, stepId: ref.stepId, decision: decision.decision },
        'department answered',
      );
      // A business "no" is an answer: returned, never retried.
      return { decision: decision.decision, ...(decision.reason ? { reason: decision.reason } : {}) };
    } catch (error) {
      // A transport failure is thrown so Temporal retries it by the step's policy, unless it cannot heal.
      if (error instanceof UnknownConnectorError) {
        throw ApplicationFailure.nonRetryable(error.message, 'ConnectorMisconfigured');
      }
      if (error instanceof ConnectorTransportError && !error.retryable) {
        throw ApplicationFailure.nonRetryable(error.message, 'ConnectorMisconfigured');
      }
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  async recordStepState(
    input: StepRef & { status: 'running' | 'skipped' | 'blocked' | 'failed'; reason?: string },
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const moved = await this.moveStep(manager, input, input.status, input.reason ?? null);
      if (input.status === 'running') await this.markCaseInProgress(manager, input.caseId);
      if (moved)
        await recordCaseEvent(manager, input.caseId, `case.step.${input.status}`, { stepId: input.stepId });
    });
  }

  async recordStepDecision(input: StepRef & StepDecision & { decidedBy?: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const moved = await this.moveStep(manager, input, input.decision, input.reason ?? null);
      await manager
        .createQueryBuilder()
        .update(TaskEntity)
        .set({
          status: input.decision,
          decisionReason: input.reason ?? null,
          decidedBy: input.decidedBy ?? null,
          decidedAt: () => 'now()',
        })
        .where('case_id = :caseId AND step_id = :stepId AND status = :open', { ...input, open: 'open' })
        .execute();
      if (moved) {
        await recordCaseEvent(manager, input.caseId, 'case.step.completed', {
          stepId: input.stepId,
          decision: input.decision,
        });
      }
    });
  }

  async openTask(input: StepRef & { department: string }): Promise<{ taskId: string }> {
    const definition = await this.definitions.get(input);
    const data = projectContract(definition, input.stepId, await this.application(input.caseId));
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO tasks (case_id, step_id, department, status, data, workflow_id)
         VALUES ($1, $2, $3, 'open', $4, $5) ON CONFLICT (case_id, step_id) DO NOTHING RETURNING id`,
        [
          input.caseId,
          input.stepId,
          input.department,
          JSON.stringify(data),
          `task-${input.caseId}-${input.stepId}`,
        ],
      );
      const task = await manager.findOneByOrFail(TaskEntity, { caseId: input.caseId, stepId: input.stepId });
      await this.moveStep(manager, input, 'running', null);
      await this.markCaseInProgress(manager, input.caseId);
      if (inserted.length > 0) {
        await recordCaseEvent(manager, input.caseId, 'task.opened', {
          taskId: task.id,
          stepId: input.stepId,
          department: input.department,
        });
      }
      return { taskId: task.id };
    });
  }

  async completeCase({ caseId, result }: { caseId: string; result: CaseResultSummary }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(CaseEntity)
        .set({ status: result.decision, result, completedAt: () => 'now()' })
        .where('id = :caseId AND status IN (:...from)', { caseId, from: caseStatusesBefore(result.decision) })
        .execute();
      if (updated.affected === 1)
        await recordCaseEvent(manager, caseId, 'case.completed', { decision: result.decision });
    });
    this.log.info({ caseId, decision: result.decision }, 'case result stored');
    await this.applicantNotices.caseEnded(caseId);
  }

  /** The plain functions Temporal registers, bound to this instance. */
  asActivities(): CoreCaseActivities {
    return {
      performAutoStep: (input) => this.performAutoStep(input),
      runAutoStep: (input) => this.runAutoStep(input),
      recordStepState: (input) => this.recordStepState(input),
      recordStepDecision: (input) => this.recordStepDecision(input),
      openTask: (input) => this.openTask(input),
      completeCase: (input) => this.completeCase(input),
    };
  }

  private async application(caseId: string): Promise<Record<string, unknown>> {
    return (await this.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: caseId })).application;
  }

  /** Moves a step along its state machine; false when it was already there (a repeated activity). */
  private async moveStep(
    manager: EntityManager,
    ref: StepRef,
    to: StepStatus,
    reason: string | null,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(CaseStepEntity)
      .set({
        status: to,
        reason,
        ...(to === 'running'
          ? { startedAt: () => 'COALESCE(started_at, now())', attempts: () => 'attempts + 1' }
          : { completedAt: () => 'now()' }),
      })
      .where('case_id = :caseId AND step_id = :stepId AND status IN (:...from)', {
        caseId: ref.caseId,
        stepId: ref.stepId,
        from: stepStatusesBefore(to),
      })
      .execute();
    return result.affected === 1;
  }

  private async markCaseInProgress(manager: EntityManager, caseId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(CaseEntity)
      .set({ status: 'in_progress' })
      .where('id = :caseId AND status IN (:...from)', { caseId, from: caseStatusesBefore('in_progress') })
      .execute();
  }
}
