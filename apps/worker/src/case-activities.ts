import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, EntityManager } from 'typeorm';
import { projectContract } from '@onething/definition';
import { ConnectorRegistry } from '@onething/connectors';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { CaseEntity, CaseStepEntity, TaskEntity } from '@onething/persistence';
import {
  caseStatusesBefore,
  stepStatusesBefore,
  taskWorkflowId,
  type CaseResultSummary,
  type StepStatus,
} from '@onething/case-model';
import { ApplicantNotices } from './applicant-notices';
import { recordCaseEvent } from './case-events';
import { PinnedDefinitions } from './pinned-definitions';
import {
  connectorRetryBudget,
  retryDelayMs,
  type AutoStepOutcome,
  type CaseActivities,
  type StepDecision,
  type StepRef,
} from '@onething/workflows';
import { classifyActivityFailure } from './activity-failures';

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

  async performAutoStep(ref: StepRef): Promise<AutoStepOutcome> {
    // Before the call: when this write fails, the department has not been asked yet.
    await this.recordStepState({ ...ref, status: 'running' });
    const decision = await this.runAutoStep(ref);
    try {
      await this.recordStepDecision({ ...ref, ...decision });
      return decision;
    } catch (error) {
      // Failing here would make Temporal call the department again: the workflow records it apart.
      const failure = classifyActivityFailure(error);
      this.log.warn(
        { caseId: ref.caseId, stepId: ref.stepId, failure: failureType(failure) },
        'department answer not recorded; the workflow records it apart',
      );
      return { ...decision, recorded: false };
    }
  }

  async runAutoStep(ref: StepRef): Promise<StepDecision> {
    const definition = await this.definitions.get(ref);
    const step = definition.steps.find((s) => s.id === ref.stepId);
    if (!step?.connector) {
      throw ApplicationFailure.nonRetryable(`Step ${ref.stepId} has no connector`, 'ConnectorMisconfigured');
    }
    try {
      return await this.callDepartment(ref, step.connector, definition);
    } catch (error) {
      const failure = classifyActivityFailure(error);
      await this.recordFailedAttempt(ref, connectorRetryBudget(step), failure);
      throw failure;
    }
  }

  private async callDepartment(
    ref: StepRef,
    connector: string,
    definition: Awaited<ReturnType<PinnedDefinitions['get']>>,
  ): Promise<StepDecision> {
    const application = await this.application(ref.caseId);
    const data = projectContract(definition, ref.stepId, application);
    // A slow department keeps the activity alive by heartbeats; a dead worker stops them and Temporal retries.
    const context = Context.current();
    const heartbeat = setInterval(() => context.heartbeat(), 1000);
    try {
      const decision = await this.connectors
        .get(connector)
        .check({ caseId: ref.caseId, stepId: ref.stepId, data }, context.cancellationSignal);
      this.log.info(
        { caseId: ref.caseId, stepId: ref.stepId, decision: decision.decision },
        'department answered',
      );
      // A business "no" is an answer: returned, never retried.
      return { decision: decision.decision, ...(decision.reason ? { reason: decision.reason } : {}) };
    } finally {
      // A transport failure is thrown (classified) so Temporal retries it by the step's policy, unless
      // it cannot heal (a refused request, an unknown connector).
      clearInterval(heartbeat);
    }
  }

  /**
   * The case view's "retrying (attempt N, last error …)": one cheap write per failed attempt, keyed by
   * case, step and attempt (a later attempt is never overwritten by an earlier one). Best effort: the
   * department being down must not turn into a database failure.
   */
  private async recordFailedAttempt(
    ref: StepRef,
    budget: ReturnType<typeof connectorRetryBudget>,
    failure: unknown,
  ): Promise<void> {
    const { attempt } = Context.current().info;
    const retryable = !(failure instanceof ApplicationFailure && failure.nonRetryable);
    const delay = retryable ? retryDelayMs(budget, attempt) : undefined;
    try {
      await this.dataSource
        .createQueryBuilder()
        .update(CaseStepEntity)
        .set({
          attempt,
          lastErrorCode: failureCode(failure),
          lastError: failure instanceof Error ? failure.message.slice(0, 500) : 'unknown error',
          lastErrorAt: () => 'now()',
          nextRetryAt: delay === undefined ? null : () => `now() + make_interval(secs => ${delay / 1000})`,
        })
        .where('case_id = :caseId AND step_id = :stepId AND status = :running', {
          caseId: ref.caseId,
          stepId: ref.stepId,
          running: 'running',
        })
        .andWhere('(attempt IS NULL OR attempt <= :attempt)', { attempt })
        .execute();
    } catch (error) {
      this.log.warn(
        { caseId: ref.caseId, stepId: ref.stepId, failure: failureType(classifyActivityFailure(error)) },
        'failed attempt not recorded',
      );
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
          taskWorkflowId(input.caseId, input.stepId),
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
          ? {
              startedAt: () => 'COALESCE(started_at, now())',
              attempts: () => 'attempts + 1',
              // A new run (an administrator's retry) starts counting its attempts afresh.
              attempt: null,
              nextRetryAt: null,
            }
          : { completedAt: () => 'now()', nextRetryAt: null }),
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

/** The code the case view shows: the connector's failure kind (`server-error`), else the failure type. */
function failureCode(failure: unknown): string {
  if (failure instanceof ApplicationFailure) {
    const [detail] = failure.details ?? [];
    if (detail && typeof detail === 'object' && 'failure' in detail) {
      const { failure: kind, status } = detail as { failure: string; status?: number };
      return status === undefined ? kind : `${kind}:${status}`;
    }
    return failure.type ?? 'ApplicationFailure';
  }
  return failure instanceof Error ? failure.name : 'unknown';
}

function failureType(failure: unknown): string {
  return failure instanceof ApplicationFailure ? (failure.type ?? 'ApplicationFailure') : 'unknown';
}
