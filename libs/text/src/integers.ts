import { z } from 'zod';

// Numbers the API accepts are bounded by the column that stores them, and numbers in a path or query
// string are read strictly: `0x7e9`, `1e3`, ` 12`, `+5` and `""` are not decimal integers, though
// JavaScript's Number() takes them all.

/** The largest PostgreSQL `int4` (`integer`): versions, revisions and years are stored as one. */
export const INT4_MAX = 2_147_483_647;

export interface IntegerBounds {
  min?: number;
  max?: number;
}

/** An integer in a JSON body, from `min` (default 0) to `max` (default INT4_MAX). */
export function int4Field(bounds: IntegerBounds = {}) {
  return z
    .number()
    .int()
    .min(bounds.min ?? 0)
    .max(Math.min(bounds.max ?? INT4_MAX, INT4_MAX));
}

/** The last page number a list accepts: nobody pages further, and OFFSET stays small. */
export const MAX_PAGE = 1_000_000;

/** Plain decimal digits, no sign, no leading zero; ten digits at most, so the value is exact. */
const DECIMAL_INTEGER = /^(0|[1-9][0-9]{0,9})$/;

/** An integer in a path or query parameter: decimal digits only, then bounded like int4Field. */
export function integerParam(bounds: IntegerBounds = {}) {
  return z
    .string()
    .regex(DECIMAL_INTEGER, 'a decimal integer')
    .transform(Number)
    .pipe(int4Field(bounds))
    .meta({ override: integerOverride(bounds) });
}

/** How the OpenAPI document describes such a parameter: the integer it reads, with its bounds. */
function integerOverride(bounds: IntegerBounds) {
  return { type: 'integer', minimum: bounds.min ?? 0, maximum: Math.min(bounds.max ?? INT4_MAX, INT4_MAX) };
}

/** A year in a path: exactly four decimal digits, within `bounds`. */
export function yearParam(bounds: Required<IntegerBounds>) {
  return z
    .string()
    .regex(/^[0-9]{4}$/, 'a year: four decimal digits')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(bounds.min, `a year from ${bounds.min}`)
        .max(bounds.max, `a year up to ${bounds.max}`),
    )
    .meta({ override: integerOverride(bounds) });
}
