import { z } from 'zod';
import {
  characterCount,
  BLANK,
  characterProblem,
  maxLengthOf,
  normalizeText,
  problemOfNormalized,
  tooLong,
  type TextPolicy,
  type TextProblem,
} from './policy';

// zod builders that apply the text policy: each refusal is a `custom` issue whose `params.code` is the
// policy's code (TEXT_CONTROL_CHARACTER, ...), which the API reports as `details[].code`.

export type TextFieldOptions = Omit<TextPolicy, 'kind'>;

/** The policy as a zod string: trimmed (CRLF → LF when multi-line), then checked. */
export function policyString(policy: TextPolicy) {
  return (
    z
      .string()
      .overwrite((value) => normalizeText(value, policy))
      .superRefine((value, context) => report(problemOfNormalized(value, policy), context))
      // The document says what JSON Schema can: its length and "not blank"; the character classes the
      // policy refuses are answered with 400 and the policy's code.
      .meta({ maxLength: maxLengthOf(policy), pattern: '\\S' })
  );
}

/** The issue of a refused string: the policy's code and both languages' messages in `params`. */
function report(problem: TextProblem | undefined, context: z.RefinementCtx): void {
  // `continue: false`: a refused string gets one clear issue, not also "wrong alphabet" after it.
  if (problem)
    context.addIssue({
      code: 'custom',
      message: problem.message.en,
      params: { code: problem.code, message: problem.message },
      continue: false,
    });
}

/**
 * A whole text file (a definition's source): kept as sent (no trimming, CRLF allowed, so line numbers
 * stay true), up to `max` characters, not blank, and free of the characters the policy refuses everywhere.
 */
export function documentField(options: { max: number }) {
  return (
    z
      .string()
      .superRefine((value, context) => {
        const long = value.length > options.max && characterCount(value) > options.max;
        const problem = long ? tooLong(options.max) : characterProblem(value, { kind: 'document' });
        report(problem ?? (value.trim() === '' ? BLANK : undefined), context);
      })
      // JSON Schema counts characters as the check above does: the document states the bound it enforces.
      .meta({ maxLength: options.max })
  );
}

/** Free text: a note on one line, or a reason or message on several (`multiline`). */
export function textField(options: TextFieldOptions = {}) {
  return policyString({ ...options, kind: 'prose' });
}

/** A name people read (a person's display name, a department's name): one line, no invisible characters. */
export function nameField(options: Pick<TextFieldOptions, 'max' | 'min'> = {}) {
  return policyString({ ...options, kind: 'name' });
}

export interface IdentifierFieldOptions {
  /** The identifier's alphabet and shape, e.g. /^[A-Za-z0-9._@-]+$/. */
  pattern: RegExp;
  /** What the pattern means, for the message: "letters, digits and . _ @ - only". */
  description: string;
  max?: number;
  min?: number;
}

/**
 * An identifier (a username, a code, a reference): a name by the policy, then held to its alphabet.
 * The policy runs first so a NUL or a bidi override is reported as such, not as "wrong alphabet".
 */
export function identifierField(options: IdentifierFieldOptions) {
  return policyString({ kind: 'name', max: options.max ?? 64, min: options.min }).regex(
    options.pattern,
    options.description,
  );
}
