import { workflowInfo } from '@temporalio/workflow';
import type { CaseWorkflowInput } from './input';
import type { CaseState } from './state';

/**
 * The history is long (Temporal suggests a new run, or it holds `continueAsNewAfterEvents` events) and
 * nothing runs, so the case may hand over to a new run.
 */
export function mayContinueAsNew(state: CaseState): boolean {
  return historyIsLong(state.input) && state.running.size === 0 && !state.ending;
}

function historyIsLong(input: CaseWorkflowInput): boolean {
  const { continueAsNewSuggested, historyLength } = workflowInfo();
  const limit = input.continueAsNewAfterEvents;
  return continueAsNewSuggested || (limit !== undefined && historyLength >= limit);
}

/** The next run's input: the same case, with its settled steps carried over. */
export function carriedOver(state: CaseState): CaseWorkflowInput {
  return {
    ...state.input,
    carried: {
      outcomes: state.outcomes,
      failed: state.failed,
      reasons: state.reasons,
      ...(Object.keys(state.outputs).length > 0 ? { outputs: state.outputs } : {}),
      ...(state.features.lifecycle
        ? { undoable: state.undoable, awaitingRetry: [...state.awaitingRetry] }
        : {}),
      ...(state.cancelled.size > 0 ? { cancelled: [...state.cancelled] } : {}),
      ...(state.pledgeApprovedAt.size > 0
        ? { pledgeApprovedAt: Object.fromEntries(state.pledgeApprovedAt) }
        : {}),
    },
  };
}
