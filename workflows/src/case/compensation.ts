import type { CaseState } from './state';

/**
 * Undoes approved steps that have an undo action, in reverse order of approval, each once: the latest
 * approval may rest on the earlier ones.
 */
export async function compensate(
  state: CaseState,
  why: 'withdrawn' | 'rejected' | 'cancelled',
): Promise<void> {
  for (const stepId of [...state.undoable].reverse()) {
    if (state.compensated.has(stepId)) continue;
    await state.activities.compensateStep({ ...state.base, stepId, reason: why });
    state.compensated.add(stepId);
    state.setProgress(stepId, 'compensated');
  }
}
