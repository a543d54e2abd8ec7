import { isValidResidentId } from './resident-id';

describe('isValidResidentId', () => {
  const today = new Date('2026-11-28T00:00:00Z');

  it('accepts a number whose check character is X', () => {
    expect(isValidResidentId('11010519491231002X', today)).toBe(true);
  });

  it('accepts a number whose check character is a digit', () => {
    expect(isValidResidentId('110101199003074477', today)).toBe(true);
  });

  it('refuses a wrong check character', () => {
    expect(isValidResidentId('110105194912310021', today)).toBe(false);
  });

  it('refuses an impossible birth date even with a matching check character', () => {
    // 1990-02-30 does not exist; the check character below is computed for these 17 digits.
    expect(isValidResidentId('110101199002300016', today)).toBe(false);
  });

  it('refuses wrong lengths and letters', () => {
    expect(isValidResidentId('1101051949123100', today)).toBe(false);
    expect(isValidResidentId('11010519491231002A', today)).toBe(false);
  });
});
