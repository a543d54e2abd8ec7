import { caseToday, CASE_TIME_ZONE } from './case-dates';
import { evaluateCondition } from './conditions';
import { readAnswerPath } from './outputs';
import type { Trigger } from './schema';

// Proactive one-things (免申即享): an inbound event starts a case for the person it names, when the
// trigger's eligibility holds. Pure: the API evaluates it on the event as received; nothing here reads
// a clock or the database.

/** The inbound event as the trigger's CEL sees it (`event.data.<path>`, `event.type`, ...). */
export interface TriggerEvent {
  id: string;
  type: string;
  source: string;
  time?: string;
  data: unknown;
}

export type TriggerEvaluation =
  | { eligible: true; applicantLogin: string; prefill: Record<string, unknown> }
  | { eligible: false; reason: 'not-met' | 'not-evaluable' | 'no-applicant'; message: string };

/**
 * Whether the event starts a case: the eligibility (false, or not evaluable, starts nothing: eligibility
 * is never assumed), then the person (`applicantFrom` must name a non-empty text), then what the event
 * prefills. `receivedAtMs` gives `today()`, in the case's time zone.
 */
export function evaluateTrigger(
  trigger: Trigger,
  event: TriggerEvent,
  receivedAtMs: number,
  timeZone: string = CASE_TIME_ZONE,
): TriggerEvaluation {
  const result = evaluateCondition(trigger.eligibility, {
    fields: {},
    steps: {},
    today: caseToday(receivedAtMs, timeZone),
    event: { ...event, time: event.time ?? null, data: event.data ?? null },
  });
  if (!result.ok) return { eligible: false, reason: 'not-evaluable', message: result.message };
  if (!result.value) return { eligible: false, reason: 'not-met', message: 'eligibility is false' };
  const login = readAnswerPath(event.data, trigger.applicantFrom);
  if (typeof login !== 'string' || login.trim() === '')
    return {
      eligible: false,
      reason: 'no-applicant',
      message: `the event names no person at ${trigger.applicantFrom}`,
    };
  return { eligible: true, applicantLogin: login, prefill: triggerPrefill(trigger, event.data) };
}

/** Field id → the value the event holds at its path; paths the event lacks are left to the person. */
export function triggerPrefill(trigger: Trigger, data: unknown): Record<string, unknown> {
  const prefill: Record<string, unknown> = {};
  for (const [fieldId, path] of Object.entries(trigger.prefill ?? {})) {
    const value = readAnswerPath(data, path);
    if (value !== undefined && value !== null) prefill[fieldId] = value;
  }
  return prefill;
}
