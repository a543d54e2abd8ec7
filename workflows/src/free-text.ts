import { TEXT_LIMITS, textProblem } from '@onething/text';
import { refuse } from './case-messages';

/**
 * Free text reaching a workflow Update (a decision's reason, a request's message, a withdrawal's
 * reason) is held to the same text policy as at the HTTP edge (`@onething/text`, multi-line prose): a
 * caller that reaches Temporal directly cannot store what PostgreSQL refuses (a NUL, an unpaired
 * surrogate) or what deceives a reader (a bidi override). A refused Update never enters history, so this
 * check can tighten without patching. Blank is left to the API, which knows which reasons are required.
 */
export const MAX_FREE_TEXT_LENGTH = TEXT_LIMITS.multiLine;

/** Why `text` is refused, or undefined when it is acceptable. */
export function freeTextProblem(text: string): string | undefined {
  return textProblem(text, { multiline: true, allowBlank: true })?.message.en;
}

/** Refuses (before history) an Update whose free text `field` is unacceptable. */
export function requireFreeText(field: string, text: string | undefined): void {
  if (text === undefined) return;
  if (typeof text !== 'string') throw refuse('TEXT_REFUSED', `${field} must be text`);
  const problem = freeTextProblem(text);
  if (problem) throw refuse('TEXT_REFUSED', `${field} ${problem}`);
}
