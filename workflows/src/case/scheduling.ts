import { ApplicationFailure, allHandlersFinished, condition, continueAsNew } from '@temporalio/workflow';
import { caseToday, scheduleSteps, type Schedule, type StepOutcome } from '@onething/definition';
import type { CaseResultSummary } from '@onething/case-model';
import type { caseWorkflow } from '../case.workflow';
import { closeEarly, closeSettled } from './closing';
import { carriedOver, mayContinueAsNew } from './continue-as-new';
import type { CaseState, StepProgress } from './state';
import { cancelUndecidable } from './rejection';
import { startStep } from './steps';

/**
 * Runs the definition until the case closes: every step whose dependencies are settled starts at once;
 * a step whose `when` is false is skipped, steps after a rejected required step are blocked. Wakes
 * whenever a step settles or a handler changes the plan. Ends by closing the case (settled, withdrawn or
 * cancelled) or by handing over to a new run when the history is long.
 *
 * Determinism: the activities are awaited in this loop itself, and the case closes from here, so each
 * command is emitted in the same microtask as in the recorded histories (a withdrawal cancels the steps
 * before any other coroutine woken with the scheduler runs on).
 */
export async function runSchedule(state: CaseState): Promise<CaseResultSummary> {
  const { definition, activities, base } = state;
  // Conditions see the submission date, never the clock of the moment they run (see CaseState.submittedAt).
  const today = caseToday(state.submittedAt);
  for (;;) {
    if (state.ending) return closeEarly(state, state.ending);
    const schedule = scheduleSteps(definition, {
      fields: state.input.conditionFields,
      outcomes: state.outcomes,
      running: [...state.running, ...state.awaitingRetry],
      outputs: state.outputs,
      today,
      cancelled: [...state.cancelled],
      legacy: !state.features.flow,
    });
    for (const stepId of schedule.skipped) {
      const reason = reasonOf(state, schedule, stepId);
      settleUnrun(state, stepId, 'skipped', 'skipped', reason);
      await activities.recordStepState({ ...base, stepId, status: 'skipped', reason });
    }
    for (const stepId of schedule.blocked) {
      const reason = reasonOf(state, schedule, stepId);
      settleUnrun(state, stepId, 'blocked', 'blocked', reason);
      await activities.recordStepState({ ...base, stepId, status: 'blocked', reason });
    }
    for (const { stepId, message } of schedule.failed) {
      state.failed[stepId] = message;
      settleUnrun(state, stepId, 'rejected', 'failed', message);
      await activities.recordStepState({ ...base, stepId, status: 'failed', reason: message });
    }
    if (state.features.flow) await cancelUndecidable(state);
    for (const stepId of schedule.ready) startStep(state, state.step(stepId)!);
    if (schedule.skipped.length + schedule.blocked.length + schedule.failed.length > 0) continue;
    if (state.running.size === 0 && state.awaitingRetry.size === 0) {
      if (
        definition.steps.every(
          (step) => state.outcomes[step.id] !== undefined || state.cancelled.has(step.id),
        )
      )
        return closeSettled(state);
      throw ApplicationFailure.nonRetryable('No step can run and the case is not complete', 'CaseStuck');
    }
    const settledBefore = state.settled;
    await condition(() => state.settled > settledBefore);
    if (mayContinueAsNew(state)) {
      await condition(allHandlersFinished);
      // A withdrawal recorded while the handlers finished: the case closes instead.
      if (state.ending) return closeEarly(state, state.ending);
      return continueAsNew<typeof caseWorkflow>(carriedOver(state));
    }
  }
}

/** Why the step settled unrun; since FLOW_SEMANTICS also kept for the case's result. */
function reasonOf(state: CaseState, schedule: Schedule, stepId: string): string {
  const reason = schedule.reasons[stepId];
  if (state.features.flow) state.reasons[stepId] = reason;
  return reason;
}

/** A step settled without running (skipped, blocked, or its condition could not be evaluated). */
function settleUnrun(
  state: CaseState,
  stepId: string,
  outcome: StepOutcome,
  progress: StepProgress['status'],
  reason: string,
): void {
  state.outcomes[stepId] = outcome;
  state.setProgress(stepId, progress, reason);
}
