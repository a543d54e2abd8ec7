import { RE2JS } from 're2js';
import { compileRegex, estimatedSize, MAX_PATTERN_SIZE, regexMatches } from './regex';

describe('RE2 patterns', () => {
  it('estimates the compiled size, counted repetitions expanded', () => {
    expect(estimatedSize('abc')).toBe(3);
    expect(estimatedSize('^\\d{17}[\\dXx]$')).toBe(20);
    expect(estimatedSize('(ab){3}')).toBe(6);
    expect(estimatedSize('((a{10}){100})')).toBe(1000);
    expect(estimatedSize('\\p{Han}{2,4}')).toBe(4);
    expect(estimatedSize('(?i)(?P<x>a|b)+')).toBe(4);
    expect(estimatedSize('[\\s\\S]{1000}'.repeat(18))).toBe(18_000);
    // Malformed input still ends: RE2 reports the syntax.
    expect(estimatedSize('\\p{Han')).toBeGreaterThan(0);
    expect(estimatedSize('[abc')).toBe(1);
  });

  it('refuses a pattern that would compile too large, before compiling it', () => {
    const compile = jest.spyOn(RE2JS, 'compile');
    try {
      expect(compileRegex('[\\s\\S]{1000}'.repeat(18))).toMatchObject({ ok: false, reason: 'too-large' });
      expect(compile).not.toHaveBeenCalled();
    } finally {
      compile.mockRestore();
    }
    expect(compileRegex(`a{${MAX_PATTERN_SIZE}}`).ok).toBe(true);
    expect(compileRegex(`a{${MAX_PATTERN_SIZE + 1}}`)).toMatchObject({ ok: false });
  });

  it('says why RE2 refuses a pattern, and never echoes the pattern at match time', () => {
    expect(compileRegex('(a)\\1')).toMatchObject({
      ok: false,
      reason: 'syntax',
      message: expect.stringContaining('\\1'),
    });
    expect(() => regexMatches('11010519491231002X', '(?=1101)')).toThrow(
      'matches(): the pattern is not a valid RE2 regular expression',
    );
  });
});
