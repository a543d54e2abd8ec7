import { condition, getExternalWorkflowHandle, sleep, uuid4 } from '@temporalio/workflow';
import { taskWorkflowId } from '@onething/case-model';
import { materialProvidedSignal, notRecorded, type AnswerNoticeInput } from '../case-messages';
import type { CaseState } from './state';

/** How long requests are gathered when the input does not say (histories from before the setting). */
export const DEFAULT_GATHERING_WINDOW_MS = 10 * 60_000;

/**
 * Requests for more material arriving within one window become one notice: the applicant is told
 * once (一次告知). A request after the window closed starts the next notice. Runs until the case ends.
 */
export async function gatherRequests(state: CaseState): Promise<void> {
  for (;;) {
    await condition(() => state.requested.length > 0);
    await sleep(state.input.materialGatheringWindowMs ?? DEFAULT_GATHERING_WINDOW_MS);
    const stepIds = state.requested.splice(0);
    const noticeId = uuid4();
    // Known before the activity returns: the applicant may answer as soon as the notice is stored.
    state.notices.set(noticeId, stepIds);
    await state.activities.sendMaterialNotice({ ...state.base, noticeId, stepIds });
  }
}

/** A task asked the applicant for more (already recorded): it joins the window's notice. */
export function noteRequest(state: CaseState, stepId: string): void {
  if (state.features.lifecycle && !state.requested.includes(stepId)) state.requested.push(stepId);
}

/** Applies the applicant's answer, then tells only the steps that asked (each has its own fields). */
export async function applyAnswer(
  state: CaseState,
  { noticeId, answerId }: AnswerNoticeInput,
): Promise<{ steps: string[] }> {
  const stepIds = state.notices.get(noticeId)!;
  state.notices.delete(noticeId);
  try {
    await state.updateActivities.applyMaterialAnswer({ ...state.base, noticeId, answerId });
  } catch (error) {
    // Not applied: the notice stays open for another answer.
    state.notices.set(noticeId, stepIds);
    throw notRecorded(error);
  }
  for (const stepId of stepIds) {
    if (!state.running.has(stepId)) continue;
    await getExternalWorkflowHandle(taskWorkflowId(state.caseId, stepId)).signal(materialProvidedSignal, {
      noticeId,
    });
  }
  return { steps: stepIds };
}
