import { z } from 'zod';

/** Response schemas (OpenAPI) of the views in this folder, shared by the case, task and step routes. */
export const isoTimeSchema = z.iso.datetime({ offset: true });

export const slaViewSchema = z
  .object({
    dueDate: z.iso.date(),
    dueAt: isoTimeSchema,
    state: z.string(),
    timeLeftMs: z.number().nullable(),
    pausedAt: isoTimeSchema.nullable(),
    breachedAt: isoTimeSchema.nullable(),
    escalatedAt: isoTimeSchema.nullable(),
  })
  .meta({ id: 'Sla' });

export const stepAttemptsViewSchema = z
  .object({
    state: z.enum(['retrying', 'failed']),
    attempt: z.number().int(),
    lastErrorCode: z.string().nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: isoTimeSchema.nullable(),
    nextRetryAt: isoTimeSchema.nullable(),
    summary: z.string(),
  })
  .meta({ id: 'StepAttempts' });
