import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import { chinaDate, startSlaClock, WorkingCalendar } from '@onething/calendar';
import type { ProactiveActivities } from './activity-types';
import { READ_MODEL_RETRY } from './retry-policies';

/** Input of a proactive case's offer: ids and numbers only (never the person or the event's data). */
export interface ProactiveOfferInput {
  caseId: string;
  /** Epoch ms the event was received: the confirmation window counts from it. */
  offeredAt: number;
  confirmWithinWorkingDays: number;
}

/** How the offer ended: confirmed or declined by the person (signalled by the API), or expired. */
export type ProactiveOfferEnd = 'settled' | 'expired';

/** The person confirmed or declined: the window no longer matters. */
export const offerSettledSignal = defineSignal('offerSettled');

/**
 * A proactive case (免申即享) waiting for its person: tells them once, then waits the confirmation window
 * in working days (the calendar through an activity, so replay sees the same days). When it passes
 * unconfirmed, the case closes as expired; a confirmation or a decline ends the wait early (the expiry
 * activity changes nothing for a case that no longer waits, so a late signal is harmless too).
 */
export async function proactiveOfferWorkflow(input: ProactiveOfferInput): Promise<ProactiveOfferEnd> {
  let settled = false;
  setHandler(offerSettledSignal, () => {
    settled = true;
  });
  const activities = proxyActivities<ProactiveActivities>({
    startToCloseTimeout: '1 minute',
    retry: READ_MODEL_RETRY,
  });
  const waiting = await activities.notifyProactiveOffer({ caseId: input.caseId });
  if (!waiting) return 'settled';
  const calendar = new WorkingCalendar(
    await activities.loadWorkingCalendar({ fromDate: chinaDate(input.offeredAt) }),
  );
  const { dueAt } = startSlaClock(calendar, input.confirmWithinWorkingDays, input.offeredAt);
  if (await condition(() => settled, Math.max(dueAt - Date.now(), 1))) return 'settled';
  await activities.expireProactiveOffer({ caseId: input.caseId });
  return 'expired';
}
