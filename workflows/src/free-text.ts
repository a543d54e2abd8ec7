import { refuse } from './case-messages';

/**
 * A minimal check of free text reaching a workflow Update (a decision's reason, a request's message, a
 * withdrawal's reason): C0/C1 control characters other than tab, line feed and carriage return (a NUL above all, which
 * PostgreSQL refuses), unpaired surrogates, and more than `MAX_FREE_TEXT_LENGTH` characters. A refused
 * Update never enters history, so this check can tighten without patching.
 * TODO(lead): switch to the shared text policy (`@onething/text`) once it is merged.
 */
export const MAX_FREE_TEXT_LENGTH = 2000;

// eslint-disable-next-line no-control-regex -- the control characters are exactly what is refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` is refused, or undefined when it is acceptable. */
export function freeTextProblem(text: string): string | undefined {
  if (text.length > MAX_FREE_TEXT_LENGTH) return `longer than ${MAX_FREE_TEXT_LENGTH} characters`;
  if (CONTROL.test(text)) return 'contains a control character';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired surrogate';
  return undefined;
}

/** Refuses (before history) an Update whose free text `field` is unacceptable. */
export function requireFreeText(field: string, text: string | undefined): void {
  if (text === undefined) return;
  if (typeof text !== 'string') throw refuse('TEXT_REFUSED', `${field} must be text`);
  const problem = freeTextProblem(text);
  if (problem) throw refuse('TEXT_REFUSED', `${field} ${problem}`);
}
