import { definitionKeySchema, KEBAB_CASE } from './definition-key';

describe('the definition key', () => {
  it('is kebab-case: lower-case words of letters and digits joined by single dashes', () => {
    for (const key of ['talent-settlement', 'a', 'step2-review']) expect(KEBAB_CASE.test(key)).toBe(true);
    for (const key of ['Talent', '2-things', 'a--b', 'a-', '-a', 'a_b'])
      expect(KEBAB_CASE.test(key)).toBe(false);
  });

  it('fits a request in 63 characters at most', () => {
    expect(definitionKeySchema.safeParse('a'.repeat(63)).success).toBe(true);
    expect(definitionKeySchema.safeParse('a'.repeat(64)).success).toBe(false);
  });
});
