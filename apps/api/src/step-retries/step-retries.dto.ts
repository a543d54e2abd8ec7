import { z } from 'zod';
import { departmentCodeSchema } from '@onething/auth';
import { KEBAB_CASE } from '@onething/case-model';
import type { CaseStepEntity } from '@onething/persistence';
import { CursorCodec, cursorValue, pageQueryShape, pageSchema } from '@onething/http';
import { toStepAttemptsView, type StepAttemptsView } from '../workflow/step-attempts-view';
import { stepAttemptsViewSchema } from '../workflow/view-schemas';

const connectorCode = z.string().max(63).regex(KEBAB_CASE, 'a connector code (kebab-case)');

/** Which failed steps to retry: those of one department, or those calling one connector. */
export const bulkRetrySchema = z
  .strictObject({ department: departmentCodeSchema.optional(), connector: connectorCode.optional() })
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

/** `GET /admin/steps`: steps that cannot proceed (`failed`) or are retrying their department. */
export const troubledStepsQuerySchema = z.strictObject({
  state: z.enum(['failed', 'retrying']).default('failed'),
  department: departmentCodeSchema.optional(),
  ...pageQueryShape,
});
export type TroubledStepsQuery = z.infer<typeof troubledStepsQuerySchema>;
export const troubledStepsCursor = new CursorCodec('troubled-steps', [
  z.union([z.literal('-infinity'), cursorValue.timestamp]),
  cursorValue.uuid,
  cursorValue.text,
]);

export interface TroubledStepView {
  caseId: string;
  stepId: string;
  department: string;
  status: CaseStepEntity['status'];
  reason: string | null;
  attempts: StepAttemptsView | null;
}

export function toTroubledStepView(step: CaseStepEntity): TroubledStepView {
  return {
    caseId: step.caseId,
    stepId: step.stepId,
    department: step.department,
    status: step.status,
    reason: step.reason,
    attempts: toStepAttemptsView(step),
  };
}

// ---- responses (OpenAPI) ----

export const bulkRetryResponseSchema = z.object({
  matched: z.number().int(),
  retried: z.number().int(),
  refused: z.number().int(),
  unanswered: z.number().int(),
});
export const troubledStepPageResponseSchema = pageSchema(
  z.object({
    caseId: z.uuid(),
    stepId: z.string(),
    department: z.string(),
    status: z.string(),
    reason: z.string().nullable(),
    attempts: stepAttemptsViewSchema.nullable(),
  }),
);
