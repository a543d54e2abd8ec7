import { z } from 'zod';
import { TASK_STATUSES } from '@onething/case-model';
import type { OutputForm } from '@onething/definition';
import type { TaskEntity } from '@onething/persistence';
import { CursorCodec, cursorValue, pageQueryShape, pageSchema } from '@onething/http';
import { textField } from '@onething/text';
import { toSlaView, type SlaView } from '../workflow/sla-view';
import { isoTimeSchema, slaViewSchema } from '../workflow/view-schemas';

export const taskIdSchema = z.uuid({ message: 'a task id (UUID)' });

export const worklistQuerySchema = z.strictObject({
  department: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a department code')
    .optional(),
  status: z.enum(TASK_STATUSES).optional(),
  priority: z.enum(['normal', 'urgent']).optional(),
  /** By the time limit: `breached`, `due-soon` (its due date has come), `paused` (waiting on the applicant). */
  sla: z.enum(['breached', 'due-soon', 'paused']).optional(),
  /** `me`: only tasks handed to the caller personally. */
  assignee: z.literal('me').optional(),
  caseId: z.uuid().optional(),
  ...pageQueryShape,
});
export type WorklistQuery = z.infer<typeof worklistQuerySchema>;
export const worklistCursor = new CursorCodec('tasks', [
  cursorValue.text,
  cursorValue.timestampOrInfinity,
  cursorValue.timestamp,
  cursorValue.uuid,
]);

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
    toDepartment: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a department code')
      .optional(),
    toAccountId: z.uuid({ message: 'an account id (UUID)' }).optional(),
    reason: textField({ multiline: true }),
  })
  .refine((body) => body.toDepartment !== undefined || body.toAccountId !== undefined, {
    message: 'name a department or a person',
    path: ['toDepartment'],
  });
export type ReassignTaskDto = z.infer<typeof reassignTaskSchema>;

/** A task as its department sees it: the case it belongs to and exactly the step's contract fields. */
export interface TaskView {
  id: string;
  caseId: string;
  stepId: string;
  department: string;
  status: TaskEntity['status'];
  data: Record<string, unknown>;
  decisionReason: string | null;
  createdAt: string;
  decidedAt: string | null;
  priority: TaskEntity['priority'];
  assigneeAccountId: string | null;
  escalatedTo: string | null;
  sla: SlaView | null;
  /** The form of the step's outputs, composed from the definition (single-task reads only). */
  outputForm?: OutputForm;
  /** The outputs given with the decision (single-task reads only); null: none. */
  outputs?: Record<string, unknown> | null;
}

export function toTaskView(task: TaskEntity): TaskView {
  return {
    id: task.id,
    caseId: task.caseId,
    stepId: task.stepId,
    department: task.department,
    status: task.status,
    data: task.data,
    decisionReason: task.decisionReason,
    createdAt: task.createdAt.toISOString(),
    decidedAt: task.decidedAt?.toISOString() ?? null,
    priority: task.priority,
    assigneeAccountId: task.assigneeAccountId,
    escalatedTo: task.escalatedTo,
    sla: toSlaView(task.sla, task.status === 'open' || task.status === 'awaiting_material'),
  };
}

// ---- responses (OpenAPI) ----

export const taskResponseSchema = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    stepId: z.string(),
    department: z.string(),
    status: z.enum(TASK_STATUSES),
    /** Exactly the fields of the step's data contract. */
    data: z.record(z.string(), z.unknown()),
    decisionReason: z.string().nullable(),
    createdAt: isoTimeSchema,
    decidedAt: isoTimeSchema.nullable(),
    priority: z.enum(['normal', 'urgent']),
    assigneeAccountId: z.uuid().nullable(),
    escalatedTo: z.string().nullable(),
    sla: slaViewSchema.nullable(),
  })
  .meta({ id: 'Task' });
export const taskPageResponseSchema = pageSchema(taskResponseSchema);
