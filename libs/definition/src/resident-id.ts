// Chinese resident identity number, GB 11643-1999: 6-digit region, 8-digit birth date (YYYYMMDD),
// 3-digit sequence, 1 check character (ISO 7064 MOD 11-2, where 10 is written X).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

export type ResidentIdProblem = 'format' | 'birth-date' | 'birth-date-in-future' | 'checksum';

export type ResidentIdResult =
  { valid: true; normalized: string; birthDate: string } | { valid: false; problem: ResidentIdProblem };

export function residentIdCheckCharacter(first17Digits: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += Number(first17Digits[index]) * (WEIGHTS[index] ?? 0);
  return CHECK_CHARACTERS[sum % 11] ?? '';
}

/**
 * `today` is an ISO date (YYYY-MM-DD) so the check stays deterministic in tests and in workflow code.
 * A lowercase x is accepted and normalized to X: applicants type it, the standard prints it uppercase.
 */
export function checkResidentId(input: string, today: string): ResidentIdResult {
  if (!/^\d{17}[\dXx]$/.test(input)) return { valid: false, problem: 'format' };
  const normalized = input.toUpperCase();
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  if (!isCalendarDate(birthDate) || birthDate < '1900-01-01') return { valid: false, problem: 'birth-date' };
  if (birthDate > today) return { valid: false, problem: 'birth-date-in-future' };
  if (residentIdCheckCharacter(normalized) !== normalized[17]) return { valid: false, problem: 'checksum' };
  return { valid: true, normalized, birthDate };
}

/** True for a real YYYY-MM-DD date (rejects 2023-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}

/** Mainland China mobile numbers: 11 digits, 1 then 3-9. An optional +86 / 86 prefix is tolerated. */
export const CN_MOBILE_PATTERN = '^(?:\\+?86)?1[3-9]\\d{9}$';
export function isCnMobile(value: string): boolean {
  return new RegExp(CN_MOBILE_PATTERN).test(value);
}
