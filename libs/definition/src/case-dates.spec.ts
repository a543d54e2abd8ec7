import { caseToday, checkedDate, shiftDate, yearsBetween } from './case-dates';

describe('case dates', () => {
  it("takes today's date in China Standard Time, whatever the machine's zone", () => {
    // 2026-11-29T16:30Z is 00:30 on 30 November in Shanghai.
    expect(caseToday(Date.parse('2026-11-29T16:30:00Z'))).toBe('2026-11-30');
    expect(caseToday(Date.parse('2026-11-29T15:59:59Z'))).toBe('2026-11-29');
    expect(caseToday(Date.parse('2026-11-29T16:30:00Z'), 'UTC')).toBe('2026-11-29');
  });

  it('counts years as birthdays do', () => {
    expect(yearsBetween('1981-12-01', '2026-11-30')).toBe(44);
    expect(yearsBetween('1981-11-30', '2026-11-30')).toBe(45);
  });

  it('refuses what is not a calendar date', () => {
    expect(() => checkedDate('2026-02-29')).toThrow();
    expect(() => checkedDate('20260101')).toThrow();
    expect(() => checkedDate(7)).toThrow();
    expect(shiftDate('2024-02-29', 1, 'years')).toBe('2025-02-28');
  });
});
