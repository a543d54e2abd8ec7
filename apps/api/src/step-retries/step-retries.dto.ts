import { z } from 'zod';

const code = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'a code (kebab-case)');

/** Which failed steps to retry: those of one department, or those calling one connector. */
export const bulkRetrySchema = z
  .strictObject({ department: code.optional(), connector: code.optional() })
  .refine((body) => (body.department === undefined) !== (body.connector === undefined), {
    message: 'name a department or a connector (one of them)',
    path: ['department'],
  });
export type BulkRetryDto = z.infer<typeof bulkRetrySchema>;

export interface BulkRetryView {
  /** Failed steps of open cases that matched (at most `BULK_RETRY_LIMIT` per call). */
  matched: number;
  /** Retries the case workflows accepted: those steps run again. */
  retried: number;
  /** Retries a workflow refused (the step moved on meanwhile, the case is closing). */
  refused: number;
  /** Workflows that did not answer in time (their worker busy or down): try those again later. */
  unanswered: number;
}
