import {
  allHandlersFinished,
  ActivityFailure,
  ChildWorkflowFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  executeChild,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  mergeOutcome,
  scheduleSteps,
  type Definition,
  type Step,
  type StepOutcome,
} from '@onething/definition';
import type { CaseActivities, CaseResultSummary, StepDecision, StepRef } from './activity-types';
import { manualTaskWorkflow } from './manual-task.workflow';
import { CaseStatusAttribute } from './search-attributes';

/**
 * The input carries the pinned definition (so history replays without reading anything) and, of the
 * application, only the fields that conditions read: everything else stays in PostgreSQL.
 */
export interface CaseWorkflowInput {
  caseId: string;
  definition: Definition;
  conditionFields: Record<string, unknown>;
  /** Activity tuning comes from the starter's config: workflow code reads no environment. */
  departmentHeartbeatTimeoutMs: number;
  /** Settled steps carried over a continue-as-new. */
  carried?: {
    outcomes: Record<string, StepOutcome>;
    failed: Record<string, string>;
    reasons?: Record<string, string>;
  };
}

export interface StepProgress {
  stepId: string;
  department: string;
  kind: Step['kind'];
  status: 'pending' | 'running' | 'approved' | 'rejected' | 'skipped' | 'blocked' | 'failed';
  reason?: string;
}

export const progressQuery = defineQuery<StepProgress[]>('progress');

/** Patch id: auto steps run as one activity (was: running, call, decision as three). */
export const AUTO_STEP_IN_ONE_ACTIVITY = 'auto-step-in-one-activity';

function timeoutMs(seconds: number): number {
  return seconds * 1000;
}

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseResultSummary> {
  const { definition, caseId } = input;
  const base = { caseId, definitionKey: definition.key, definitionVersion: definition.version };
  const bookkeeping = proxyActivities<CaseActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });

  const outcomes: Record<string, StepOutcome> = { ...input.carried?.outcomes };
  const failed: Record<string, string> = { ...input.carried?.failed };
  const reasons: Record<string, string> = { ...input.carried?.reasons };
  const running = new Set<string>();
  // Bumped whenever a running step settles (after its bookkeeping): the scheduler's wake-up signal.
  let settled = 0;
  const progress = new Map<string, StepProgress>(
    definition.steps.map((step) => [
      step.id,
      {
        stepId: step.id,
        department: step.department,
        kind: step.kind,
        status: outcomes[step.id] ?? 'pending',
      },
    ]),
  );
  const setProgress = (stepId: string, status: StepProgress['status'], reason?: string) => {
    progress.set(stepId, { ...progress.get(stepId)!, status, ...(reason ? { reason } : {}) });
  };
  setHandler(progressQuery, () => [...progress.values()]);
  // New cases: one activity per auto step (its read-model writes inside), and the starter sets the
  // status attribute. Cases started before keep their recorded shape (the replay fixtures hold both).
  const autoStepInOneActivity = patched(AUTO_STEP_IN_ONE_ACTIVITY);
  if (!autoStepInOneActivity) upsertSearchAttributes([{ key: CaseStatusAttribute, value: 'in_progress' }]);

  const runStep = async (step: Step): Promise<void> => {
    const ref: StepRef = { ...base, stepId: step.id };
    try {
      let decision: StepDecision;
      if (step.kind === 'auto') {
        const retry = step.retry;
        const { runAutoStep, performAutoStep } = proxyActivities<CaseActivities>({
          startToCloseTimeout: '2 minutes',
          heartbeatTimeout: input.departmentHeartbeatTimeoutMs,
          retry: {
            maximumAttempts: retry?.maximumAttempts ?? 5,
            initialInterval: timeoutMs(retry?.initialIntervalSeconds ?? 1),
            backoffCoefficient: retry?.backoffCoefficient ?? 2,
            maximumInterval: timeoutMs(retry?.maximumIntervalSeconds ?? 60),
            nonRetryableErrorTypes: ['UnknownStep', 'ConnectorMisconfigured'],
          },
        });
        if (autoStepInOneActivity) {
          decision = await performAutoStep(ref);
        } else {
          // Histories started before AUTO_STEP_IN_ONE_ACTIVITY: three activities per auto step.
          await bookkeeping.recordStepState({ ...ref, status: 'running' });
          decision = await runAutoStep(ref);
          await bookkeeping.recordStepDecision({ ...ref, ...decision });
        }
      } else {
        // A person's task has a life of its own (its decision Update, later its SLA timers): a child workflow.
        decision = await executeChild(manualTaskWorkflow, {
          workflowId: `task-${caseId}-${step.id}`,
          args: [{ ...ref, department: step.department }],
        });
      }
      outcomes[step.id] = decision.decision;
      if (decision.reason) reasons[step.id] = decision.reason;
      setProgress(step.id, decision.decision, decision.reason);
    } catch (error) {
      // The department could not be reached within the step's retry budget: visible, never silently approved.
      const cause =
        error instanceof ActivityFailure || error instanceof ChildWorkflowFailure ? error.cause : error;
      const reason = `Department system unavailable: ${cause instanceof Error ? cause.message : 'unknown error'}`;
      failed[step.id] = reason;
      outcomes[step.id] = 'rejected';
      setProgress(step.id, 'failed', reason);
      await bookkeeping.recordStepState({ ...ref, status: 'failed', reason });
      log.warn('step failed', { caseId, stepId: step.id });
    } finally {
      running.delete(step.id);
      settled++;
    }
  };

  const inFlight: Promise<void>[] = [];
  for (;;) {
    const schedule = scheduleSteps(definition, {
      fields: input.conditionFields,
      outcomes,
      running: [...running],
    });
    for (const stepId of schedule.skipped) {
      outcomes[stepId] = 'skipped';
      setProgress(stepId, 'skipped', 'Condition not met');
      await bookkeeping.recordStepState({ ...base, stepId, status: 'skipped', reason: 'Condition not met' });
    }
    for (const stepId of schedule.blocked) {
      outcomes[stepId] = 'blocked';
      setProgress(stepId, 'blocked', 'A required earlier step was rejected');
      await bookkeeping.recordStepState({
        ...base,
        stepId,
        status: 'blocked',
        reason: 'A required earlier step was rejected',
      });
    }
    for (const { stepId, message } of schedule.failed) {
      failed[stepId] = message;
      outcomes[stepId] = 'rejected';
      setProgress(stepId, 'failed', message);
      await bookkeeping.recordStepState({ ...base, stepId, status: 'failed', reason: message });
    }
    for (const stepId of schedule.ready) {
      running.add(stepId);
      setProgress(stepId, 'running');
      inFlight.push(runStep(definition.steps.find((s) => s.id === stepId)!));
    }
    if (schedule.skipped.length + schedule.blocked.length + schedule.failed.length > 0) continue;
    if (running.size === 0) {
      if (definition.steps.every((s) => outcomes[s.id] !== undefined)) break;
      throw ApplicationFailure.nonRetryable('No step can run and the case is not complete', 'CaseStuck');
    }
    const settledBefore = settled;
    await condition(() => settled > settledBefore);
    if (workflowInfo().continueAsNewSuggested && running.size === 0) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof caseWorkflow>({ ...input, carried: { outcomes, failed, reasons } });
    }
  }
  await Promise.all(inFlight);

  const merged = mergeOutcome(definition, outcomes);
  const result: CaseResultSummary = {
    decision: Object.keys(failed).length > 0 ? 'failed' : merged.result,
    steps: definition.steps.map((step) => {
      const failure = failed[step.id];
      const outcome = outcomes[step.id];
      const reason = failure ?? reasons[step.id];
      return {
        stepId: step.id,
        department: step.department,
        decision: failure ? 'failed' : outcome,
        ...(reason ? { reason } : {}),
      };
    }),
  };
  await bookkeeping.completeCase({ caseId, result });
  upsertSearchAttributes([{ key: CaseStatusAttribute, value: result.decision }]);
  await condition(allHandlersFinished);
  return result;
}
