import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { AccessTrail, type AccessRecord } from '@onething/audit';
import { ConnectorCatalog, type Connector } from '@onething/connectors';
import {
  contractReadsOutputs,
  mapAnswerToOutputs,
  projectContract,
  stepOutputs,
  type Definition,
} from '@onething/definition';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { Metrics } from '@onething/observability';
import { PinnedDefinitions } from '@onething/orchestration';
import { ReadModel, type StepTiming } from '@onething/persistence';
import {
  connectorRetryBudget,
  retryDelayMs,
  type AutoStepAttempt,
  type AutoStepOutcome,
  type CaseActivities,
  type StepDecision,
  type StepRef,
} from '@onething/workflows';
import { classifyActivityFailure, failureCode, failureType } from '../activity-failures';
import { pinnedDefinition } from '../pinned-definitions';
import type { ActivityGroup, ActivityInput } from './activity-input';
import { ActivityFailureType } from '@onething/case-model';

type StepActivityName = 'performAutoStep' | 'runAutoStep' | 'recordStepState' | 'recordStepDecision';

/**
 * A step's run: its department called (auto steps) and its state and decision recorded. Each write is
 * idempotent: a retried activity, or one re-run after the worker died, finds the state it already wrote
 * and changes nothing twice; every change writes its event to the outbox in the same transaction.
 */
@Injectable()
export class StepActivities implements ActivityGroup<StepActivityName> {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    private readonly connectors: ConnectorCatalog,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
    private readonly trail: AccessTrail,
    private readonly metrics: Metrics,
  ) {}

  async performAutoStep({ priorAttempts, ...ref }: AutoStepAttempt): Promise<AutoStepOutcome> {
    // Before the call: when this write fails, the department has not been asked yet.
    await this.recordStepState({ ...ref, status: 'running' });
    const decision = await this.runAutoStep(ref, priorAttempts ?? 0);
    try {
      // An auto step has no task to decide.
      await this.storeDecision({ ...ref, ...decision }, { withTask: false });
      await this.trail.record({
        ...(await this.systemAccess(ref)),
        action: 'decision',
        fields: decision.reason ? ['decision', 'reason'] : ['decision'],
      });
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

  async runAutoStep(ref: StepRef, priorAttempts = 0): Promise<StepDecision> {
    const definition = await pinnedDefinition(this.definitions, ref);
    const step = definition.steps.find((s) => s.id === ref.stepId);
    if (!step?.connector) {
      throw ApplicationFailure.nonRetryable(
        `Step ${ref.stepId} has no connector`,
        ActivityFailureType.ConnectorMisconfigured,
      );
    }
    let attemptsAllowed: number | undefined;
    try {
      const resolved = await this.connectors.forCase(ref.caseId, step.connector);
      attemptsAllowed = resolved.settings.retry?.maximumAttempts;
      return await this.callDepartment(ref, resolved.connector, definition);
    } catch (error) {
      const attempt = Context.current().info.attempt + priorAttempts;
      const failure = withinConnectorBudget(classifyActivityFailure(error), attempt, attemptsAllowed);
      await this.recordFailedAttempt(ref, connectorRetryBudget(step), failure, attempt);
      throw failure;
    }
  }

  async recordStepState(input: ActivityInput<'recordStepState'>): Promise<void> {
    await this.readModel.transaction(async (tx) => {
      const moved = await tx.steps.move(input, input.status, input.reason ?? null);
      if (input.status === 'running') await tx.cases.markInProgress(input.caseId);
      if (moved)
        await tx.outbox.appendCaseEvent(input.caseId, `case.step.${input.status}`, { stepId: input.stepId });
    });
  }

  async recordStepDecision(input: ActivityInput<'recordStepDecision'>): Promise<void> {
    await this.storeDecision(input, { withTask: true });
  }

  /** The decision, its outputs, its task's (`withTask`) and its event, together; its latency once. */
  private async storeDecision(
    input: ActivityInput<'recordStepDecision'>,
    { withTask }: { withTask: boolean },
  ): Promise<void> {
    const decided = await this.readModel.transaction(async (tx) => {
      const timing = await tx.steps.decide(input, input.decision, input.reason ?? null);
      if (input.decision === 'approved' && input.outputs && Object.keys(input.outputs).length > 0)
        await tx.steps.recordOutputs(input, input.outputs);
      if (withTask)
        await tx.tasks.decide(input, {
          status: input.decision,
          reason: input.reason ?? null,
          decidedBy: input.decidedBy ?? null,
        });
      if (timing) {
        await tx.outbox.appendCaseEvent(input.caseId, 'case.step.completed', {
          stepId: input.stepId,
          decision: input.decision,
        });
      }
      return timing;
    });
    // Once per step (a repeated call moves nothing), after the decision is committed.
    if (decided) this.observeStepDuration(decided, input.decision);
  }

  private observeStepDuration(timing: StepTiming, decision: string): void {
    if (!timing.startedAt || !timing.completedAt) return;
    this.metrics.stepDuration.observe(
      { department: timing.department, kind: timing.kind, decision },
      (timing.completedAt.getTime() - timing.startedAt.getTime()) / 1000,
    );
  }

  /** A department system's access through its connector: the step's department, for processing it. */
  private async systemAccess(ref: StepRef): Promise<Omit<AccessRecord, 'fields'>> {
    const step = (await pinnedDefinition(this.definitions, ref)).steps.find((s) => s.id === ref.stepId);
    return {
      actor: { kind: 'department_system', id: `connector:${step?.connector ?? 'unknown'}` },
      role: 'department_system',
      department: step?.department ?? null,
      caseId: ref.caseId,
      resource: `step:${ref.stepId}`,
      purpose: 'case-processing',
    };
  }

  asActivities(): Pick<CaseActivities, StepActivityName> {
    return {
      performAutoStep: (input) => this.performAutoStep(input),
      runAutoStep: (input) => this.runAutoStep(input),
      recordStepState: (input) => this.recordStepState(input),
      recordStepDecision: (input) => this.recordStepDecision(input),
    };
  }

  private async callDepartment(
    ref: StepRef,
    connector: Connector,
    definition: Definition,
  ): Promise<StepDecision> {
    const step = definition.steps.find((s) => s.id === ref.stepId);
    const data = projectContract(
      definition,
      ref.stepId,
      await this.readModel.cases.application(ref.caseId),
      // Upstream outputs are read only for a contract that passes one on.
      step && contractReadsOutputs(step) ? await this.readModel.steps.outputsOf(ref.caseId) : {},
    );
    // Before the call: a department system receiving contract fields is an access to them, recorded
    // before anything leaves (a repeated call after a retry is recorded again: it is sent again).
    await this.trail.record({ ...(await this.systemAccess(ref)), fields: Object.keys(data) });
    // A slow department keeps the activity alive by heartbeats; a dead worker stops them and Temporal retries.
    const context = Context.current();
    // A local attempt is short and cannot heartbeat (the workflow task stands for it).
    const heartbeat = context.info.isLocal ? undefined : setInterval(() => context.heartbeat(), 1000);
    const department = step?.department ?? 'unknown';
    const endCallTimer = this.metrics.departmentCallDuration.startTimer({ department });
    try {
      const decision = await connector
        .check({ caseId: ref.caseId, stepId: ref.stepId, data }, context.cancellationSignal)
        .catch((error: unknown) => {
          endCallTimer({ outcome: 'failed' });
          throw error;
        });
      endCallTimer({ outcome: decision.decision });
      this.log.info(
        { caseId: ref.caseId, stepId: ref.stepId, decision: decision.decision },
        'department answered',
      );
      // A business "no" is an answer: returned, never retried.
      return {
        decision: decision.decision,
        ...(decision.reason ? { reason: decision.reason } : {}),
        ...(decision.decision === 'approved' ? stepOutputsOf(definition, ref.stepId, decision.data) : {}),
      };
    } finally {
      // A transport failure is thrown (classified) so Temporal retries it by the step's policy, unless
      // it cannot heal (a refused request, an unknown connector).
      if (heartbeat) clearInterval(heartbeat);
    }
  }

  /**
   * The case view's "retrying (attempt N, last error …)": one cheap write per failed attempt. Best
   * effort: the department being down must not turn into a database failure.
   */
  private async recordFailedAttempt(
    ref: StepRef,
    budget: ReturnType<typeof connectorRetryBudget>,
    failure: unknown,
    attempt: number,
  ): Promise<void> {
    const retryable = !(failure instanceof ApplicationFailure && failure.nonRetryable);
    try {
      await this.readModel.steps.recordFailedAttempt(ref, {
        attempt,
        code: failureCode(failure),
        message: failure instanceof Error ? failure.message.slice(0, 500) : 'unknown error',
        retryInMs: retryable ? retryDelayMs(budget, attempt) : undefined,
      });
    } catch (error) {
      this.log.warn(
        { caseId: ref.caseId, stepId: ref.stepId, failure: failureType(classifyActivityFailure(error)) },
        'failed attempt not recorded',
      );
    }
  }
}

/**
 * The step's declared outputs from the department's answer data, checked against their types. An answer
 * that does not fit the declaration cannot heal by asking again: the step fails for an administrator.
 */
function stepOutputsOf(
  definition: Definition,
  stepId: string,
  data: Record<string, unknown> | undefined,
): { outputs?: Record<string, unknown> } {
  const step = definition.steps.find((candidate) => candidate.id === stepId);
  if (!step || stepOutputs(step).length === 0) return {};
  // The date only matters for "not in the future" checks, which outputs do not declare.
  const mapped = mapAnswerToOutputs(step, data ?? {}, { today: new Date().toISOString().slice(0, 10) });
  if (!mapped.ok) {
    // Paths and codes only: the values are personal data.
    const problems = mapped.errors.map((error) => `${error.path.join('.')} ${error.code}`).join(', ');
    throw ApplicationFailure.nonRetryable(
      `The department's answer does not fit the step's outputs: ${problems}`,
      ActivityFailureType.ValidationFailed,
    );
  }
  return Object.keys(mapped.data).length > 0 ? { outputs: mapped.data } : {};
}

/**
 * A connector's retry budget (its catalog settings) caps the step's: once a failed attempt reaches it,
 * the failure is final even when the step's own policy would try again.
 */
function withinConnectorBudget(
  failure: unknown,
  attempt: number,
  attemptsAllowed: number | undefined,
): unknown {
  if (attemptsAllowed === undefined || !(failure instanceof ApplicationFailure) || failure.nonRetryable)
    return failure;
  if (attempt < attemptsAllowed) return failure;
  return ApplicationFailure.create({
    type: failure.type ?? undefined,
    message: `${failure.message} (the connector allows ${attemptsAllowed} attempts)`,
    nonRetryable: true,
    details: failure.details ?? undefined,
  });
}
