import { z } from 'zod';
import { definitionKeySchema, TASK_STATUSES } from '@onething/case-model';
import { pageQueryShape } from '@onething/http';
import { textField } from '@onething/text';

export const taskIdSchema = z.uuid({ message: 'a task id (UUID)' });

const departmentCode = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'a department code');

export const worklistQuerySchema = z.strictObject({
  department: departmentCode.optional(),
  /** The worklist screen asks `open` (or `awaiting_material`): those are served by the worklist index. */
  status: z.enum(TASK_STATUSES).optional(),
  priority: z.enum(['normal', 'urgent']).optional(),
  /** By the time limit: `breached`, `due-soon` (its due date has come), `paused` (waiting on the applicant). */
  sla: z.enum(['breached', 'due-soon', 'paused']).optional(),
  /** `me`: the tasks the caller holds; `unassigned`: those nobody holds. */
  assignee: z.enum(['me', 'unassigned']).optional(),
  caseId: z.uuid().optional(),
  /** Only tasks due before this instant (ISO 8601 with an offset). */
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  /** Only tasks of cases of this one-thing (its definition key). */
  oneThing: definitionKeySchema.optional(),
  /** Only tasks of cases submitted at or after this instant (ISO 8601 with an offset). */
  submittedFrom: z.iso.datetime({ offset: true }).optional(),
  /** Only tasks of cases submitted before this instant (ISO 8601 with an offset). */
  submittedBefore: z.iso.datetime({ offset: true }).optional(),
  /** `due` (default): urgent first, then due soonest, then oldest; `created`: oldest first. */
  sort: z.enum(['due', 'created']).default('due'),
  ...pageQueryShape,
});
export type WorklistQuery = z.infer<typeof worklistQuerySchema>;

export const commentListQuerySchema = z.strictObject(pageQueryShape);
export type CommentListQuery = z.infer<typeof commentListQuerySchema>;

export const addCommentSchema = z.strictObject({
  body: textField({ multiline: true, max: 4000 }),
  /** Shown to the applicant in their case; otherwise only the department sees it. */
  visibleToApplicant: z.boolean().default(false),
});
export type AddCommentDto = z.infer<typeof addCommentSchema>;

export const assignTaskSchema = z.strictObject({
  toAccountId: z.uuid({ message: 'an account id (UUID)' }),
});
export type AssignTaskDto = z.infer<typeof assignTaskSchema>;

/** The most tasks one bulk request acts on: each is its own guarded change (or workflow Update). */
export const BULK_MAX_ITEMS = 100;

const bulkIds = z
  .array(z.uuid({ message: 'a task id (UUID)' }))
  .min(1)
  .max(BULK_MAX_ITEMS)
  .refine((ids) => new Set(ids).size === ids.length, 'each task once');

export const bulkClaimSchema = z.strictObject({ ids: bulkIds });
export type BulkClaimDto = z.infer<typeof bulkClaimSchema>;
export const bulkAssignSchema = z.strictObject({
  ids: bulkIds,
  toAccountId: assignTaskSchema.shape.toAccountId,
});
export type BulkAssignDto = z.infer<typeof bulkAssignSchema>;

export const taskDecisionSchema = z
  .strictObject({
    decision: z.enum(['approved', 'rejected']),
    reason: textField({ multiline: true }).optional(),
    /** The step's declared outputs (see the task's `outputForm`); checked against the declaration. */
    outputs: z
      .record(
        z
          .string()
          .max(64)
          .regex(/^[a-z][a-zA-Z0-9_]*$/, 'an output id'),
        z.unknown(),
      )
      .optional(),
  })
  .refine((body) => body.decision === 'approved' || body.reason !== undefined, {
    message: 'a rejection needs a reason',
    path: ['reason'],
  });
export type TaskDecisionDto = z.infer<typeof taskDecisionSchema>;

const FIELD_ID = /^[a-z][a-zA-Z0-9_]*$/;

export const materialRequestSchema = z.strictObject({
  /** Fields of the step's data contract the applicant must provide again (attachments included). */
  fields: z
    .array(z.string().max(64).regex(FIELD_ID, 'a field id'))
    .min(1)
    .max(50)
    .refine((fields) => new Set(fields).size === fields.length, 'each field once'),
  /** What is missing and why, in words the applicant understands. */
  message: textField({ multiline: true }),
});
export type MaterialRequestDto = z.infer<typeof materialRequestSchema>;

export const reassignTaskSchema = z
  .strictObject({
    toDepartment: departmentCode.optional(),
    toAccountId: z.uuid({ message: 'an account id (UUID)' }).optional(),
    reason: textField({ multiline: true }),
  })
  .refine((body) => body.toDepartment !== undefined || body.toAccountId !== undefined, {
    message: 'name a department or a person',
    path: ['toDepartment'],
  });
export type ReassignTaskDto = z.infer<typeof reassignTaskSchema>;

export const bulkReassignSchema = z
  .strictObject({
    ids: bulkIds,
    toDepartment: departmentCode.optional(),
    toAccountId: z.uuid({ message: 'an account id (UUID)' }).optional(),
    reason: textField({ multiline: true }),
  })
  .refine((body) => body.toDepartment !== undefined || body.toAccountId !== undefined, {
    message: 'name a department or a person',
    path: ['toDepartment'],
  });
export type BulkReassignDto = z.infer<typeof bulkReassignSchema>;

export * from './task.views';
