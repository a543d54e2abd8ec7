// The one text policy: what a string must look like before the API, a workflow Update validator or the
// application form accepts it. Pure TypeScript with no I/O and no Node built-ins, so workflow code may
// import it: the same check runs at the HTTP edge and again inside the workflow.

/** Machine-readable codes of a refused string; the API returns them as `details[].code`. */
export const TextProblemCode = {
  /** C0/C1 control characters and DEL; NUL among them (PostgreSQL text cannot hold it). */
  ControlCharacter: 'TEXT_CONTROL_CHARACTER',
  /** Half of a UTF-16 surrogate pair: not a character, cannot be stored as UTF-8 or jsonb. */
  LoneSurrogate: 'TEXT_LONE_SURROGATE',
  /** Zero-width, bidi and other format characters that change how text looks without being seen. */
  InvisibleCharacter: 'TEXT_INVISIBLE_CHARACTER',
  /** Nothing but whitespace. */
  Blank: 'TEXT_BLANK',
  TooLong: 'TEXT_TOO_LONG',
  TooShort: 'TEXT_TOO_SHORT',
} as const;
export type TextProblemCode = (typeof TextProblemCode)[keyof typeof TextProblemCode];

/** Default maxima, in characters (Unicode code points, as PostgreSQL counts them). */
export const TEXT_LIMITS = {
  /** A name, a label, a note: one line. */
  singleLine: 200,
  /** A reason, a message, a comment: several lines. */
  multiLine: 2000,
  /** A person's or department's name. */
  name: 100,
  /** No text field holds more, whatever a definition's `maxLength` says. */
  hardCap: 10_000,
} as const;

/**
 * `prose`: free text (reasons, messages, notes, application answers); `name`: names, labels and
 * identifiers, where characters nobody sees can only deceive (a user's displayName, a department's name);
 * `document`: a whole text file (a definition's YAML source): prose on many lines, CRLF kept, no trimming.
 */
export type TextKind = 'prose' | 'name' | 'document';

export interface TextPolicy {
  /** Tab and newline are allowed, and CRLF becomes LF; one line otherwise. */
  multiline?: boolean;
  kind?: TextKind;
  /** In characters after trimming; defaults by kind and `multiline` (TEXT_LIMITS), never above the hard cap. */
  max?: number;
  /** In characters after trimming. */
  min?: number;
  /** An empty (or whitespace-only) value is accepted as "" instead of refused. */
  allowBlank?: boolean;
}

export interface TextProblem {
  code: TextProblemCode;
  message: { 'zh-CN': string; en: string };
}

/* eslint-disable no-control-regex -- finding control characters is what these patterns are for */
// C0 controls, DEL and C1 controls; tab and LF are left to the caller's multi-line choice.
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f]/u;
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
// A file may end its lines with CRLF; a CR on its own is still refused.
const CONTROL_DOCUMENT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/u;
/* eslint-enable no-control-regex */
// In unicode mode a well-formed pair is one code point and never matches; only a lone half does.
const LONE_SURROGATE = /[\ud800-\udfff]/u;
// Bidi embeddings, overrides and isolates reorder the text after them (the "Trojan Source" trick):
// refused everywhere. Other format characters (zero-width joiners, marks) have honest uses in prose.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
// Every format character (Unicode category Cf): zero-width space and joiners, LRM/RLM, bidi controls,
// word joiner, BOM, soft hyphen, tag characters. A name or identifier needs none of them.
const FORMAT_CHARACTER = /\p{Cf}/u;

/** The value as it is stored: trimmed, and with CRLF line ends as LF in multi-line text. */
export function normalizeText(value: string, policy: Pick<TextPolicy, 'multiline'> = {}): string {
  const trimmed = value.trim();
  return policy.multiline ? trimmed.replace(/\r\n/g, '\n') : trimmed;
}

/** The maximum length `policy` allows, in characters. */
export function maxLengthOf(policy: TextPolicy): number {
  const fallback =
    policy.kind === 'name'
      ? TEXT_LIMITS.name
      : policy.multiline
        ? TEXT_LIMITS.multiLine
        : TEXT_LIMITS.singleLine;
  return Math.min(policy.max ?? fallback, TEXT_LIMITS.hardCap);
}

/**
 * The first way `value` breaks the text policy, judged after normalising it (see normalizeText), or
 * undefined when it is fine. Workflow Update validators call this as they are; the zod builders use it too.
 */
export function textProblem(value: string, policy: TextPolicy = {}): TextProblem | undefined {
  return problemOfNormalized(normalizeText(value, policy), policy);
}

/** textProblem for a value that is already normalised. */
export function problemOfNormalized(value: string, policy: TextPolicy): TextProblem | undefined {
  const max = maxLengthOf(policy);
  // Each character is one or two UTF-16 units: more than 2·max units is too long without counting,
  // so a megabyte is refused before any pattern scans it.
  if (value.length > max && (value.length > 2 * max || characterCount(value) > max)) return tooLong(max);
  const character = characterProblem(value, policy);
  if (character) return character;
  if (value.trim() === '') return policy.allowBlank ? undefined : BLANK;
  if (policy.min !== undefined && characterCount(value) < policy.min) return tooShort(policy.min);
  return undefined;
}

/** The first character of `value` the policy refuses (a control, a lone surrogate, an invisible one). */
export function characterProblem(
  value: string,
  policy: Pick<TextPolicy, 'kind' | 'multiline'>,
): TextProblem | undefined {
  const controls =
    policy.kind === 'document'
      ? CONTROL_DOCUMENT
      : policy.multiline
        ? CONTROL_MULTI_LINE
        : CONTROL_SINGLE_LINE;
  const control = controls.exec(value);
  if (control) return controlCharacter(control[0], value, control.index);
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) return loneSurrogate(value, surrogate.index);
  const invisible = (policy.kind === 'name' ? FORMAT_CHARACTER : BIDI_CONTROL).exec(value);
  if (invisible) return invisibleCharacter(invisible[0], value, invisible.index);
  return undefined;
}

/** Characters as PostgreSQL and people count them: code points, not UTF-16 units. */
export function characterCount(value: string): number {
  let count = 0;
  for (let index = 0; index < value.length; index += 1) {
    const unit = value.charCodeAt(index);
    // A high surrogate followed by a low one is a single character.
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < value.length) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
    count += 1;
  }
  return count;
}

function codePointLabel(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** 1-based, in characters: where an editor puts the cursor. */
function position(value: string, unitIndex: number): number {
  return characterCount(value.slice(0, unitIndex)) + 1;
}

function controlCharacter(character: string, value: string, index: number): TextProblem {
  const at = `${codePointLabel(character)}, position ${position(value, index)}`;
  return {
    code: TextProblemCode.ControlCharacter,
    message: {
      'zh-CN': `含有控制字符（${codePointLabel(character)}，第 ${position(value, index)} 个字符）`,
      en: `contains a control character (${at})`,
    },
  };
}

function loneSurrogate(value: string, index: number): TextProblem {
  const at = position(value, index);
  return {
    code: TextProblemCode.LoneSurrogate,
    message: {
      'zh-CN': `含有不成对的代理项（第 ${at} 个字符），不是有效的 Unicode 文本`,
      en: `contains an unpaired surrogate (position ${at}): not valid Unicode text`,
    },
  };
}

function invisibleCharacter(character: string, value: string, index: number): TextProblem {
  const label = codePointLabel(character);
  const at = position(value, index);
  return {
    code: TextProblemCode.InvisibleCharacter,
    message: {
      'zh-CN': `含有不可见或改变文字方向的字符（${label}，第 ${at} 个字符）`,
      en: `contains an invisible or direction-changing character (${label}, position ${at})`,
    },
  };
}

export const BLANK: TextProblem = {
  code: TextProblemCode.Blank,
  message: { 'zh-CN': '不能为空或只含空白', en: 'must not be empty or only whitespace' },
};

export function tooLong(max: number): TextProblem {
  return {
    code: TextProblemCode.TooLong,
    message: { 'zh-CN': `最多 ${max} 个字符`, en: `at most ${max} characters` },
  };
}

function tooShort(min: number): TextProblem {
  return {
    code: TextProblemCode.TooShort,
    message: { 'zh-CN': `至少 ${min} 个字符`, en: `at least ${min} characters` },
  };
}
