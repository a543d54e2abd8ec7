import { RE2JS } from 're2js';

// CEL's `matches()` runs on RE2 (re2js, pure JavaScript): matching is linear in the length of the text,
// so no pattern and no applicant's value can stall the event loop or a workflow task the way a
// backtracking JavaScript RegExp does with `(a+)+$`. RE2 has no backreferences and no lookaround.

/** Longer patterns are refused: a pattern's compiled size bounds the cost of every match. */
export const MAX_PATTERN_LENGTH = 256;

export type RegexCompileResult = { ok: true; regex: RE2JS } | { ok: false; message: string };

// Conditions are evaluated over and over (every scheduling pass of every case): compile each pattern once.
// A bounded map, cleared when full, because patterns that are not literals could otherwise grow it.
const compiled = new Map<string, RegexCompileResult>();
const CACHE_LIMIT = 500;

/** Compiles an RE2 pattern; the message says why RE2 refuses it (never throws). */
export function compileRegex(pattern: string): RegexCompileResult {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const result = compileUncached(pattern);
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(pattern, result);
  return result;
}

function compileUncached(pattern: string): RegexCompileResult {
  if (pattern.length > MAX_PATTERN_LENGTH)
    return { ok: false, message: `pattern longer than ${MAX_PATTERN_LENGTH} characters` };
  try {
    return { ok: true, regex: RE2JS.compile(pattern) };
  } catch (error) {
    // re2js says "error parsing regexp: invalid escape sequence: `\1`": the part after the prefix is the reason.
    const message = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : 'invalid';
    return { ok: false, message };
  }
}

/**
 * CEL `text.matches(pattern)`: true when the pattern matches any part of the text (RE2 partial match, as
 * the CEL specification defines it). An invalid pattern throws without echoing the pattern or the text,
 * which may be an applicant's data.
 */
export function regexMatches(text: string, pattern: string): boolean {
  const result = compileRegex(pattern);
  if (!result.ok) throw new Error('matches(): the pattern is not a valid RE2 regular expression');
  return result.regex.test(text);
}
