const SHANGHAI_YEAR = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' });

/**
 * The years start-up makes sure of: this one and the next, as a wall calendar in China reads (New Year
 * starts there at 16:00 UTC on 31 December).
 */
export function seedYears(now = new Date()): number[] {
  const year = Number(SHANGHAI_YEAR.format(now));
  return [year, year + 1];
}
