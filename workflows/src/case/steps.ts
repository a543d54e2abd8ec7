import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  executeChild,
  isCancellation,
  log,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { ActivityFailureType, taskWorkflowId, taskWorkflowQueue } from '@onething/case-model';
import { contractFieldIds, type Step } from '@onething/definition';
import type { AutoStepOutcome, StepActivities, StepDecision, StepRef } from '../activity-types';
import { manualTaskWorkflow } from '../manual-task.workflow';
import { connectorActivities, localAutoStepAttempt, remoteConnectorActivities } from '../activity-proxies';
import { connectorRetryBudget } from '../retry-policies';
import type { CaseState } from './state';
import { approveOnPledge, approvesOnPledge, awaitVerificationTime, pledgeVerifiedBy } from './pledge';

/** Starts a ready step in the background; the scheduler hears of its end through `state.settled`. */
export function startStep(state: CaseState, step: Step): void {
  state.running.add(step.id);
  state.setProgress(step.id, 'running');
  state.inFlight.push(
    state.features.lifecycle ? state.stepsScope.run(() => runInOwnScope(state, step)) : runStep(state, step),
  );
}

/** Since FLOW_SEMANTICS a step runs in its own scope too: a deciding rejection may cancel it alone. */
function runInOwnScope(state: CaseState, step: Step): Promise<void> {
  if (!state.features.flow) return runStep(state, step);
  const scope = new CancellationScope();
  state.stepScopes.set(step.id, scope);
  return scope.run(() => runStep(state, step)).finally(() => state.stepScopes.delete(step.id));
}

/*
 * Determinism: the step's activity or child is awaited directly in `runStep` (`decide` returns its
 * promise, it does not await it), so its result and its failure are handled in the same microtask as
 * when this was one function, and the commands of steps settling in one workflow task keep their
 * recorded order. Only the three-activity path of histories from before AUTO_STEP_IN_ONE_ACTIVITY
 * settles a microtask later, alike for each of its steps.
 */
async function runStep(state: CaseState, step: Step): Promise<void> {
  const ref: StepRef = { ...state.base, stepId: step.id };
  try {
    // Only a verification step awaits anything here: other steps' first command keeps its microtask.
    const verifies = pledgeVerifiedBy(state, step);
    if (verifies) await awaitVerificationTime(state, step, verifies);
    const { recorded, ...decision } = await decide(state, step, ref);
    // The department answered but the activity could not store the answer: stored apart, so the
    // department is never asked again because a database write failed.
    if (recorded === false) await state.activities.recordStepDecision({ ...ref, ...decision });
    state.outcomes[step.id] = decision.decision;
    if (decision.reason) state.reasons[step.id] = decision.reason;
    if (decision.decision === 'approved' && decision.outputs && Object.keys(decision.outputs).length > 0)
      state.outputs[step.id] = decision.outputs;
    if (decision.decision === 'approved' && step.compensate) state.undoable.push(step.id);
    state.setProgress(step.id, decision.decision, decision.reason);
  } catch (error) {
    // Withdrawn or cancelled: the ending closes the step.
    if (state.features.lifecycle && isCancellation(error)) return;
    await recordFailure(state, ref, error);
  } finally {
    state.running.delete(step.id);
    state.wake();
  }
}

/** The step's decision: its department system's answer (auto) or a person's (manual). */
function decide(state: CaseState, step: Step, ref: StepRef): Promise<AutoStepOutcome> {
  if (approvesOnPledge(state, step)) return approveOnPledge(state, ref);
  if (step.kind === 'manual') return runTask(state, step, ref);
  if (state.features.localActivities) return decideLocalFirst(state, step, ref);
  const connector = connectorActivities(step, state.input.departmentHeartbeatTimeoutMs);
  if (state.features.autoStepInOneActivity) return connector.performAutoStep(ref);
  return decideInThreeActivities(state, connector, ref);
}

/**
 * Since generation 2: the department is asked in a local activity first. Most answer at once, and the
 * step then costs no round trip through the server's matching service and one history marker instead
 * of an activity's three events. A retryable failure (the department down or slower than the local
 * attempt may take) continues as the normal activity from the step's second attempt, after the budget's
 * first interval, so the step keeps its whole retry budget and no more; a failure that cannot heal ends
 * the step at once, as before.
 */
async function decideLocalFirst(state: CaseState, step: Step, ref: StepRef): Promise<AutoStepOutcome> {
  try {
    return await localAutoStepAttempt().performAutoStep(ref);
  } catch (error) {
    const budget = connectorRetryBudget(step);
    if (!mayRetry(error) || budget.maximumAttempts <= 1) throw error;
    await sleep(budget.initialIntervalSeconds * 1000);
    const remaining = {
      ...budget,
      maximumAttempts: budget.maximumAttempts - 1,
      initialIntervalSeconds: Math.min(
        budget.initialIntervalSeconds * budget.backoffCoefficient,
        budget.maximumIntervalSeconds,
      ),
    };
    const remote = remoteConnectorActivities(remaining, state.input.departmentHeartbeatTimeoutMs);
    return remote.performAutoStep({ ...ref, priorAttempts: 1 });
  }
}

/** A failed attempt another may heal: not a cancellation, not a failure classified non-retryable. */
function mayRetry(error: unknown): boolean {
  if (isCancellation(error)) return false;
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return !(cause instanceof ApplicationFailure && cause.nonRetryable);
}

/** Histories started before AUTO_STEP_IN_ONE_ACTIVITY: three activities per auto step. */
async function decideInThreeActivities(
  state: CaseState,
  connector: StepActivities,
  ref: StepRef,
): Promise<StepDecision> {
  await state.activities.recordStepState({ ...ref, status: 'running' });
  const decision = await connector.runAutoStep(ref);
  await state.activities.recordStepDecision({ ...ref, ...decision });
  return decision;
}

/** A person's task has a life of its own (its Updates, its SLA timers): a child workflow. */
function runTask(state: CaseState, step: Step, ref: StepRef): Promise<StepDecision> {
  return executeChild(manualTaskWorkflow, {
    workflowId: taskWorkflowId(state.caseId, step.id),
    // Since generation 2 on their own task queue: a burst of new cases never holds a task back.
    ...(state.features.localActivities ? { taskQueue: taskWorkflowQueue(workflowInfo().taskQueue) } : {}),
    args: [
      {
        ...ref,
        department: step.department,
        ...(state.input.generation === undefined ? {} : { generation: state.input.generation }),
        ...(state.features.lifecycle
          ? {
              sla: step.sla,
              ...(step.escalation ? { escalation: step.escalation } : {}),
              contract: contractFieldIds(step),
              leadDepartment: state.definition.leadDepartment,
            }
          : {}),
      },
    ],
  });
}

/** The department could not be reached within the step's retry budget: visible, never silently approved. */
async function recordFailure(state: CaseState, ref: StepRef, error: unknown): Promise<void> {
  const cause =
    error instanceof ActivityFailure || error instanceof ChildWorkflowFailure ? error.cause : error;
  const reason = `${failureHeading(cause)}: ${cause instanceof Error ? cause.message : 'unknown error'}`;
  state.failed[ref.stepId] = reason;
  // The case waits for an administrator to retry the step (or to cancel the case).
  if (state.features.lifecycle) state.awaitingRetry.add(ref.stepId);
  else state.outcomes[ref.stepId] = 'rejected';
  state.setProgress(ref.stepId, 'failed', reason);
  await state.activities.recordStepState({ ...ref, status: 'failed', reason });
  log.warn('step failed', { caseId: ref.caseId, stepId: ref.stepId });
}

/** How a failed step's reason starts, by the activity's failure type (see the worker's classification). */
function failureHeading(cause: unknown): string {
  const type = cause instanceof ApplicationFailure ? cause.type : undefined;
  if (type === ActivityFailureType.DepartmentRefused) return 'Department system refused the request';
  if (type === ActivityFailureType.DataRefused || type === ActivityFailureType.ValidationFailed)
    return 'The step could not be recorded';
  return 'Department system unavailable';
}
