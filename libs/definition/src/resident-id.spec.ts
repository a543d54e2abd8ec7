import { checkResidentId, isCalendarDate, isCnMobile, residentIdCheckCharacter } from './resident-id';

const TODAY = '2026-01-15';

describe('checkResidentId', () => {
  it('accepts the example number of GB 11643-1999, whose check character is X', () => {
    expect(checkResidentId('11010519491231002X', TODAY)).toEqual({
      valid: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
    });
  });

  it('accepts a number with a digit check character', () => {
    const first17 = '44030419900307123';
    const id = first17 + residentIdCheckCharacter(first17);
    expect(checkResidentId(id, TODAY)).toMatchObject({ valid: true, birthDate: '1990-03-07' });
  });

  it('accepts a lowercase x and normalizes it to X', () => {
    expect(checkResidentId('11010519491231002x', TODAY)).toMatchObject({
      valid: true,
      normalized: '11010519491231002X',
    });
  });

  it('rejects a wrong check character', () => {
    expect(checkResidentId('110105194912310021', TODAY)).toEqual({ valid: false, problem: 'checksum' });
  });

  it('rejects an impossible birth date even with a matching check character', () => {
    const first17 = '11010519490230002'; // 30 February
    expect(checkResidentId(first17 + residentIdCheckCharacter(first17), TODAY)).toEqual({
      valid: false,
      problem: 'birth-date',
    });
  });

  it('rejects a birth date after today', () => {
    const first17 = '11010520260116002';
    expect(checkResidentId(first17 + residentIdCheckCharacter(first17), TODAY)).toEqual({
      valid: false,
      problem: 'birth-date-in-future',
    });
  });

  it('rejects wrong length and characters', () => {
    for (const input of [
      '',
      '11010519491231002',
      '11010519491231002XX',
      '1101051949123100YX',
      '11010519491231002 ',
    ]) {
      expect(checkResidentId(input, TODAY)).toEqual({ valid: false, problem: 'format' });
    }
  });
});

describe('isCalendarDate', () => {
  it('knows leap years', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('2024-13-01')).toBe(false);
  });
});

describe('isCnMobile', () => {
  it('accepts mainland mobile numbers only', () => {
    expect(isCnMobile('13812345678')).toBe(true);
    expect(isCnMobile('+8613812345678')).toBe(true);
    expect(isCnMobile('12812345678')).toBe(false);
    expect(isCnMobile('1381234567')).toBe(false);
  });
});
