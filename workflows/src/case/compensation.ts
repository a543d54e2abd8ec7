import { stepsToUndo, type CaseEndSituation } from '@onething/definition';
import type { CaseState } from './state';

/**
 * Undoes approved steps that have an undo action, in reverse order of approval, each once: the latest
 * approval may rest on the earlier ones. Since FLOW_SEMANTICS only the steps whose `compensate.when`
 * covers how the case ends (or, for `dependency-rejected`, a related step's rejection) are undone.
 */
export async function compensate(state: CaseState, ending: CaseEndSituation): Promise<void> {
  if (!state.features.flow) {
    if (ending !== 'other') await undoAll(state, ending);
    return;
  }
  const rejected = state.definition.steps
    .filter((step) => state.outcomes[step.id] === 'rejected')
    .map((step) => step.id);
  for (const { stepId, because } of stepsToUndo(state.definition, state.undoable, ending, rejected)) {
    if (state.compensated.has(stepId)) continue;
    const reason = ending === 'withdrawn' || ending === 'cancelled' ? ending : 'rejected';
    await state.activities.compensateStep({ ...state.base, stepId, reason, because });
    state.compensated.add(stepId);
    state.setProgress(stepId, 'compensated');
  }
}

/** Histories from before FLOW_SEMANTICS: every undoable step. */
async function undoAll(state: CaseState, why: 'withdrawn' | 'rejected' | 'cancelled'): Promise<void> {
  for (const stepId of [...state.undoable].reverse()) {
    if (state.compensated.has(stepId)) continue;
    await state.activities.compensateStep({ ...state.base, stepId, reason: why });
    state.compensated.add(stepId);
    state.setProgress(stepId, 'compensated');
  }
}
