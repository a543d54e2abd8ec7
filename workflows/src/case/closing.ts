import { allHandlersFinished, condition, upsertSearchAttributes } from '@temporalio/workflow';
import { applicantVisibleOutputs, mergeOutcome } from '@onething/definition';
import { CaseStatusAttribute, type CaseResultSummary, type ResultOutputValue } from '@onething/case-model';
import { compensate } from './compensation';
import type { CaseState, Ending } from './state';

/** Every step settled: the outcomes merge by the definition's rule into the case's result. */
export async function closeSettled(state: CaseState): Promise<CaseResultSummary> {
  // From here the result is decided: withdrawal and cancellation are refused.
  state.finished = true;
  // The notice gatherer (first in flight since CASE_LIFECYCLE) never ends by itself.
  await Promise.all(state.inFlight.slice(state.features.lifecycle ? 1 : 0));
  const merged = mergeOutcome(state.definition, state.outcomes, { legacy: !state.features.flow });
  const decision = Object.keys(state.failed).length > 0 ? 'failed' : merged.result;
  // Clawback: approved steps whose outcome is void without the rejected one are undone, latest first
  // (since FLOW_SEMANTICS, as their `compensate.when` says: also after a related step's rejection).
  if (state.features.lifecycle) await compensate(state, decision === 'rejected' ? 'rejected' : 'other');
  return finish(state, { decision, steps: stepResults(state) });
}

/** Withdrawn or cancelled: open work closes with the reason, completed work is undone. */
export async function closeEarly(state: CaseState, { kind, reason }: Ending): Promise<CaseResultSummary> {
  state.stepsScope.cancel();
  await Promise.all(state.inFlight.map((step) => step.catch(() => undefined)));
  const closing =
    kind === 'withdrawn'
      ? `Withdrawn by the applicant: ${reason}`
      : `Cancelled by an administrator: ${reason}`;
  await state.activities.closeOpenSteps({ caseId: state.caseId, reason: closing });
  for (const step of state.definition.steps) {
    if (state.outcomes[step.id] === undefined) state.setProgress(step.id, 'cancelled', closing);
  }
  await compensate(state, kind);
  return finish(state, { decision: kind, steps: stepResults(state) });
}

/** Stores the result; the same activity tells the applicant (result, withdrawal, cancellation). */
async function finish(state: CaseState, settled: CaseResultSummary): Promise<CaseResultSummary> {
  // What the applicant may see of the steps' outputs (a certificate number, an e-licence) joins the result.
  const outputs = applicantVisibleOutputs(state.definition, state.outputs).map(
    // Validated against the declared type when recorded: a scalar, an address or a document reference.
    ({ stepId, outputId, type, label, value }) => ({
      stepId,
      outputId,
      type,
      label,
      value: value as ResultOutputValue,
    }),
  );
  const result = outputs.length > 0 ? { ...settled, outputs } : settled;
  await state.activities.completeCase({ caseId: state.caseId, result });
  upsertSearchAttributes([{ key: CaseStatusAttribute, value: result.decision }]);
  await condition(allHandlersFinished);
  return result;
}

function stepResults(state: CaseState): CaseResultSummary['steps'] {
  return state.definition.steps.map((step) => {
    const failure = state.failed[step.id];
    const outcome = state.outcomes[step.id];
    const reason = failure ?? state.reasons[step.id];
    return {
      stepId: step.id,
      department: step.department,
      decision: failure ? 'failed' : (outcome ?? 'cancelled'),
      ...(reason ? { reason } : {}),
      ...(state.compensated.has(step.id) ? { compensated: true as const } : {}),
    };
  });
}
