import { ApplicationFailure } from '@temporalio/workflow';
import { freeTextProblem, MAX_FREE_TEXT_LENGTH, requireFreeText } from './free-text';

describe('free text in workflow Updates', () => {
  it.each([
    ['a NUL', 'reason\u0000'],
    ['a C0 control character', 'a\u0007b'],
    ['a C1 control character', 'a\u0085b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00'],
    ['a bidi override', 'approved \u202edevorppa'],
    ['more than the maximum length', 'x'.repeat(MAX_FREE_TEXT_LENGTH + 1)],
  ])('refuses %s', (_, text) => {
    expect(freeTextProblem(text)).toBeDefined();
    expect(() => requireFreeText('reason', text)).toThrow(ApplicationFailure);
    try {
      requireFreeText('reason', text);
    } catch (error) {
      expect(error).toMatchObject({ type: 'TEXT_REFUSED', nonRetryable: true });
    }
  });

  it.each([
    ['plain Chinese', '材料不全，请补充学历证明'],
    ['tabs and newlines', 'line one\n\tline two\r\n'],
    ['a surrogate pair (an emoji)', 'ok 👍'],
    ['exactly the maximum length', 'x'.repeat(MAX_FREE_TEXT_LENGTH)],
  ])('accepts %s', (_, text) => {
    expect(freeTextProblem(text)).toBeUndefined();
    expect(() => requireFreeText('reason', text)).not.toThrow();
  });

  it('accepts an absent optional text', () => {
    expect(() => requireFreeText('reason', undefined)).not.toThrow();
  });
});
