import { RE2JS } from 're2js';

// CEL's `matches()` runs on RE2 (re2js, pure JavaScript): matching is linear in the length of the text,
// so no pattern and no applicant's value can stall the event loop or a workflow task the way a
// backtracking JavaScript RegExp does with `(a+)+$`. RE2 has no backreferences and no lookaround.

/** Longer patterns are refused: a pattern's compiled size bounds the cost of every match. */
export const MAX_PATTERN_LENGTH = 256;
/**
 * Matching is linear in the text, times the size of the compiled pattern: `[\s\S]{1000}` repeated in
 * 256 characters makes 18,000 instructions (160 ms to compile, half a second to match 2,000 characters).
 * Counted repetitions are expanded, so their size is estimated before compiling, and refused above this.
 */
export const MAX_PATTERN_SIZE = 1000;

export type RegexCompileResult =
  { ok: true; regex: RE2JS } | { ok: false; reason: 'syntax' | 'too-large'; message: string };

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
    return {
      ok: false,
      reason: 'too-large',
      message: `pattern longer than ${MAX_PATTERN_LENGTH} characters`,
    };
  const size = estimatedSize(pattern);
  if (size > MAX_PATTERN_SIZE) {
    return {
      ok: false,
      reason: 'too-large',
      message: `pattern expands to about ${size} steps (at most ${MAX_PATTERN_SIZE}): use smaller repetition counts`,
    };
  }
  try {
    return { ok: true, regex: RE2JS.compile(pattern) };
  } catch (error) {
    // re2js says "error parsing regexp: invalid escape sequence: `\1`": the part after the prefix is the reason.
    const message = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : 'invalid';
    return { ok: false, reason: 'syntax', message };
  }
}

/**
 * Roughly how many instructions RE2 compiles the pattern to: one per literal, class or escape, a group
 * the sum of its parts, `{n,m}` multiplies what it repeats by its larger bound, `*`, `+`, `?` add one
 * copy. An estimate (RE2 itself says whether the syntax is right), cheap to compute before compiling.
 */
export function estimatedSize(pattern: string): number {
  const groups: number[] = [0];
  let last = 0;
  const add = (size: number) => {
    groups[groups.length - 1] += size;
    last = size;
  };
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1];
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end === -1 ? pattern.length : end);
        add(literal.length);
        i = end === -1 ? pattern.length : end + 1;
      } else {
        // \p{Han} and the like are one class.
        const classEnd =
          (next === 'p' || next === 'P') && pattern[i + 2] === '{' ? pattern.indexOf('}', i) : -1;
        i = classEnd === -1 ? i + 1 : classEnd;
        add(1);
      }
    } else if (char === '[') {
      // A class is one instruction; skip to its closing bracket (a first `]` or `^]` is a member).
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
      add(1);
    } else if (char === '(') {
      groups.push(0);
      if (pattern[i + 1] === '?') i = skipGroupFlags(pattern, i + 1);
    } else if (char === ')') {
      const size = groups.length > 1 ? groups.pop()! : 0;
      add(size);
    } else if (char === '{') {
      const counted = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!counted) {
        add(1);
        continue;
      }
      // {n}: n copies; {n,m}: m; {n,}: n and a loop.
      const least = Number(counted[1]);
      const times =
        counted[2] === undefined ? least : counted[3] ? Math.max(least, Number(counted[3])) : least + 1;
      groups[groups.length - 1] += last * (times - 1);
      last *= times;
      i += counted[0].length - 1;
    } else if (char === '*' || char === '+' || char === '?') {
      groups[groups.length - 1] += last;
    } else if (char !== '|') {
      add(1);
    }
  }
  return groups.reduce((sum, size) => sum + size, 0);
}

/** The end of `?:`, `?i:`, `?P<name>`, `?<name>` after an opening parenthesis (its content is no atom). */
function skipGroupFlags(pattern: string, at: number): number {
  const named = /^\?P?<[^>]*>/.exec(pattern.slice(at));
  if (named) return at + named[0].length - 1;
  const flags = /^\?[a-zA-Z-]*:?/.exec(pattern.slice(at));
  return at + (flags ? flags[0].length - 1 : 0);
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
