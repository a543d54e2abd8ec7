import { TEXT_LIMITS, type TextPolicy } from '@onething/text';
import type { Field } from './schema';

// How the one text policy applies to the application form, shared by the composed JSON Schema (hints for
// the form library) and the submission validator (the rule itself), so the two never disagree.

/** The parts of an address: one line each. */
export const ADDRESS_PART_MAX_LENGTH = TEXT_LIMITS.singleLine;
/** An attachment's file name as the applicant's device named it. */
export const ATTACHMENT_NAME_MAX_LENGTH = 255;

type TextField = Extract<Field, { type: 'text' }>;

/**
 * A single-line answer (a name, a company, a number written out) is held to the name policy: no
 * zero-width or bidi characters; a multi-line one is prose. Blank is refused unless the field may be
 * left empty (not required, no minLength).
 */
export function textFieldPolicy(field: TextField): TextPolicy {
  const multiline = field.multiline === true;
  const min = field.minLength ?? (field.required ? 1 : 0);
  return {
    kind: multiline ? 'prose' : 'name',
    multiline,
    max: field.maxLength ?? (multiline ? TEXT_LIMITS.multiLine : TEXT_LIMITS.singleLine),
    min,
    allowBlank: min === 0,
  };
}
