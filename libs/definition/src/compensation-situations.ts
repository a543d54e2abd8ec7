// Apart from schema.ts (zod) so that workflow code, which decides what to undo, can read them.

/**
 * When an approved step is undone. `dependency-rejected`: only when a step it depends on, or that depends
 * on it (transitively, through `after`), is rejected.
 */
export const COMPENSATION_SITUATIONS = [
  'withdrawn',
  'cancelled',
  'case-rejected',
  'dependency-rejected',
] as const;
export type CompensationSituation = (typeof COMPENSATION_SITUATIONS)[number];
/** A `compensate` without `when` (every definition written before `when` existed): undone in these. */
export const DEFAULT_COMPENSATION_SITUATIONS: readonly CompensationSituation[] = [
  'withdrawn',
  'cancelled',
  'case-rejected',
];
