import { z } from 'zod';
import { CommitmentViewSchema } from '../workflow/commitment-view';
import { CASE_STATUSES, definitionKeySchema, STEP_STATUSES } from '@onething/case-model';
import { assistedSubmissionSchema } from '@onething/auth';
import { int4Field } from '@onething/text';
import { CursorCodec, cursorValue, pageQueryShape, pageSchema } from '@onething/http';
import type { CaseEntity, CaseStepEntity } from '@onething/persistence';
import { COMMITMENT_STATES, toCommitmentView, type CommitmentView } from '../workflow/commitment-view';
import { toSlaView, type SlaView } from '../workflow/sla-view';
import { toStepAttemptsView, type StepAttemptsView } from '../workflow/step-attempts-view';
import { isoTimeSchema, slaViewSchema, stepAttemptsViewSchema } from '../workflow/view-schemas';

/** Step ids whose pledge is signed; each at most once. */
export const pledgedStepsSchema = z
  .array(
    z
      .string()
      .max(64)
      .regex(/^[a-z][a-zA-Z0-9_]*$/, 'a step id'),
  )
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, 'each step at most once');

/** A pledge the applicant signed: its text as signed, when, and whether verification revoked it. */
export const pledgeViewSchema = z
  .object({
    stepId: z.string(),
    text: z.object({ 'zh-CN': z.string(), en: z.string() }),
    signedAt: isoTimeSchema,
    revokedAt: isoTimeSchema.nullable(),
  })
  .meta({ id: 'Pledge' });
export type PledgeView = z.infer<typeof pledgeViewSchema>;

export const submitCaseSchema = z.strictObject({
  definitionKey: definitionKeySchema,
  /** Omitted: the version in force (the newest published one). */
  definitionVersion: int4Field({ min: 1 }).optional(),
  /** Checked against the definition's one form (its composed submission schema) by the service. */
  application: z.record(z.string().max(200), z.unknown()),
  /** Counter clerks only: the applicant they act for and the consent they recorded. */
  onBehalfOf: assistedSubmissionSchema.optional(),
  /**
   * The pledged steps (承诺办) whose pledge the applicant signs with this submission: each approves at once
   * and is verified later; a pledged step not listed is reviewed as usual.
   */
  pledges: pledgedStepsSchema.optional(),
});
export type SubmitCaseDto = z.infer<typeof submitCaseSchema>;

export const caseIdSchema = z.uuid({ message: 'a case id (UUID)' });

export const caseListQuerySchema = z.strictObject({
  status: z.enum(CASE_STATUSES).optional(),
  definitionKey: definitionKeySchema.optional(),
  /** Cases with a step in this state, e.g. `failed`: the ones waiting for an administrator's retry. */
  stepStatus: z.enum(STEP_STATUSES).optional(),
  /** Cases whose commitment (承诺时限) is in this state now, e.g. `breached`. */
  commitment: z.enum(COMMITMENT_STATES).optional(),
  ...pageQueryShape,
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;
export const caseListCursor = new CursorCodec('cases', [cursorValue.timestamp, cursorValue.uuid]);

/** `Idempotency-Key` (IETF draft): an opaque string the client chooses per intended submission. */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'visible ASCII characters')
  .optional();

/** What a case looks like from outside: progress and result, no application data. */
export interface CaseView {
  id: string;
  definition: { key: string; version: number };
  status: CaseEntity['status'];
  submittedAt: string;
  completedAt: string | null;
  /** The whole case's promised time limit: due date, time left, on time / due soon / breached / met. */
  commitment: CommitmentView;
  steps: {
    stepId: string;
    department: string;
    status: CaseStepEntity['status'];
    reason: string | null;
    startedAt: string | null;
    completedAt: string | null;
    /** The step's working-day time limit: due date, time left, on time / due soon / breached / paused. */
    sla: SlaView | null;
    compensatedAt: string | null;
    /** Set once a department call failed: retrying (attempt, last error, next retry) or failed. */
    attempts: StepAttemptsView | null;
  }[];
  result: CaseEntity['result'];
  /** Notices asking the applicant for more material that are not answered yet (see `/cases/:id/notices`). */
  openNotices?: string[];
  /** The pledges signed for this case (承诺办), when any. */
  pledges?: PledgeView[];
}

/** `mayReadReason`: whether the caller may see the reason a department gave (see the policy). */
export function toCaseView(
  entity: CaseEntity,
  steps: CaseStepEntity[],
  mayReadReason: (department: string) => boolean,
): CaseView {
  const reason = (department: string, text: string | null | undefined) =>
    text && !mayReadReason(department) ? '[withheld: another department]' : (text ?? null);
  return {
    id: entity.id,
    definition: { key: entity.definitionKey, version: entity.definitionVersion },
    status: entity.status,
    submittedAt: entity.submittedAt.toISOString(),
    completedAt: entity.completedAt?.toISOString() ?? null,
    commitment: toCommitmentView(entity),
    steps: steps.map((s) => ({
      stepId: s.stepId,
      department: s.department,
      status: s.status,
      reason: reason(s.department, s.reason),
      startedAt: s.startedAt?.toISOString() ?? null,
      completedAt: s.completedAt?.toISOString() ?? null,
      sla: toSlaView(s.sla, s.status === 'running'),
      compensatedAt: s.compensatedAt?.toISOString() ?? null,
      attempts: toStepAttemptsView(s),
    })),
    result: entity.result && {
      ...entity.result,
      steps: entity.result.steps.map(({ reason: given, ...step }) => {
        const visible = reason(step.department, given);
        return visible === null ? step : { ...step, reason: visible };
      }),
    },
  };
}

// ---- responses (OpenAPI) ----

const caseSummarySchema = z.object({
  id: z.uuid(),
  definition: z.object({ key: z.string(), version: z.number().int() }),
  status: z.enum(CASE_STATUSES),
  submittedAt: isoTimeSchema,
  completedAt: isoTimeSchema.nullable(),
  /** The case's commitment (承诺时限); null when its definition promises none. */
  commitment: CommitmentViewSchema,
});
export const caseResponseSchema = caseSummarySchema
  .extend({
    steps: z.array(
      z.object({
        stepId: z.string(),
        department: z.string(),
        status: z.enum(STEP_STATUSES),
        reason: z.string().nullable(),
        startedAt: isoTimeSchema.nullable(),
        completedAt: isoTimeSchema.nullable(),
        sla: slaViewSchema.nullable(),
        compensatedAt: isoTimeSchema.nullable(),
        attempts: stepAttemptsViewSchema.nullable(),
      }),
    ),
    /** The merged result with every department's sub-decision; null until the case completes. */
    result: z.looseObject({ steps: z.array(z.looseObject({ department: z.string() })) }).nullable(),
    openNotices: z.array(z.uuid()).optional(),
    pledges: z.array(pledgeViewSchema).optional(),
  })
  .meta({ id: 'Case' });
export const casePageResponseSchema = pageSchema(caseSummarySchema.meta({ id: 'CaseSummary' }));
