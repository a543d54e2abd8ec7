import { readLoginName } from './login-names';
import { failureDelayMs } from './throttle';

const delays = { baseDelayMs: 1000, maxDelayMs: 8000 };

describe('failure delay', () => {
  it('lets the free failures pass, then waits the base delay, doubling up to the maximum', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((failures) => failureDelayMs(failures, 3, delays));
    expect(waits).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000]);
  });

  it('stays at the maximum however many failures there were', () => {
    expect(failureDelayMs(10_000, 3, delays)).toBe(8000);
    expect(failureDelayMs(10_000, 3, { baseDelayMs: 1000, maxDelayMs: 900_000 })).toBe(900_000);
  });
});

describe('login names', () => {
  it.each([
    ['upper case', 'TEST-Applicant'],
    ['full-width letters', 'ｔｅｓｔ－ａｐｐｌｉｃａｎｔ'],
    ['surrounding spaces', '  test-applicant \t'],
    ['an ideographic space', 'test-applicant\u3000'],
  ])('reads %s as the name it means, which may sign in', (_case, typed) => {
    const name = readLoginName(typed);
    expect(name).toMatchObject({ acceptable: true, lookup: 'test-applicant' });
    expect(name.unknownKey).toBe(readLoginName('test-applicant').unknownKey);
  });

  it.each([
    ['a dotted capital I (PostgreSQL folds it to i)', 'test-applİcant'],
    ['an accent', 'test-applicänt'],
    ['a Cyrillic look-alike', 'test-аpplicant'],
    ['a control character', 'test-applicant\u0000'],
    ['a lone surrogate', 'test-applicant\ud800'],
    ['a bidi override', '\u202etest-applicant'],
  ])('refuses a name with %s, while counting it where it would land', (_case, typed) => {
    const name = readLoginName(typed);
    expect(name.acceptable).toBe(false);
    if (name.lookup !== undefined) {
      expect(name.lookup).toMatch(/^[a-z0-9._@-]+$/);
      expect(name.unknownKey).toBe(readLoginName(name.lookup).unknownKey);
    }
  });

  it('folds a dotted capital I onto the account PostgreSQL would find', () => {
    expect(readLoginName('ADMİN')).toMatchObject({ acceptable: false, lookup: 'admin' });
  });

  it('never keeps typed text in the key of an unknown name', () => {
    expect(readLoginName('Secret-Password-1').unknownKey).not.toContain('secret');
  });
});
