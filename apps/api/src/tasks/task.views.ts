import { z } from 'zod';
import { TASK_STATUSES } from '@onething/case-model';
import type { OutputForm } from '@onething/definition';
import type { TaskCommentEntity, TaskEntity } from '@onething/persistence';
import { toSlaView, type SlaView } from '../workflow/sla-view';

/** Who holds a task: the account and the name colleagues know them by, nothing more. */
export interface TaskHolder {
  accountId: string;
  displayName: string | null;
}

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
  holder: TaskHolder | null;
  claimedAt: string | null;
  escalatedTo: string | null;
  sla: SlaView | null;
}

export function toTaskView(task: TaskEntity, names: ReadonlyMap<string, string> = new Map()): TaskView {
  const holder = task.assigneeAccountId;
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
    assigneeAccountId: holder,
    holder: holder === null ? null : { accountId: holder, displayName: names.get(holder) ?? null },
    claimedAt: task.claimedAt?.toISOString() ?? null,
    escalatedTo: task.escalatedTo,
    sla: toSlaView(task.sla, task.status === 'open' || task.status === 'awaiting_material'),
  };
}

export interface CommentView {
  id: string;
  taskId: string;
  /** Null for the applicant's view: they see the department, not the person. */
  author: TaskHolder | null;
  department: string;
  body: string;
  visibleToApplicant: boolean;
  createdAt: string;
}

export function toCommentView(
  comment: TaskCommentEntity,
  names: ReadonlyMap<string, string> | null,
): CommentView {
  const author = comment.authorAccountId;
  return {
    id: comment.id,
    taskId: comment.taskId,
    author:
      names === null || author === null
        ? null
        : { accountId: author, displayName: names.get(author) ?? null },
    department: comment.department,
    body: comment.body,
    visibleToApplicant: comment.visibleToApplicant,
    createdAt: comment.createdAt.toISOString(),
  };
}

/** An attachment the step's contract names: its reference only (the bytes are downloaded separately). */
export interface AttachmentView {
  field: string;
  ref: string;
  name: string;
  contentType: string;
  sizeBytes: number;
}

/** The one-call task view: the task, its attachments, its output form, its recent comments. */
export interface TaskDetailView extends TaskView {
  attachments: AttachmentView[];
  /** The form of the step's outputs, composed from the definition; null when it cannot be read. */
  outputForm: OutputForm | null;
  /** The outputs given with the decision; null: none yet. */
  outputs: Record<string, unknown> | null;
  recentComments: CommentView[];
}

// ---- response schemas (for the OpenAPI document) ----------------------------------------------------

const holderSchema = z.object({ accountId: z.uuid(), displayName: z.string().nullable() });
const slaSchema = z
  .object({
    dueDate: z.string(),
    dueAt: z.string(),
    state: z.string(),
    timeLeftMs: z.number().nullable(),
    pausedAt: z.string().nullable(),
    breachedAt: z.string().nullable(),
    escalatedAt: z.string().nullable(),
  })
  .nullable();

export const TaskViewResponseSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  stepId: z.string(),
  department: z.string(),
  status: z.enum(TASK_STATUSES),
  data: z.record(z.string(), z.unknown()),
  decisionReason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  priority: z.enum(['normal', 'urgent']),
  assigneeAccountId: z.uuid().nullable(),
  holder: holderSchema.nullable(),
  claimedAt: z.string().nullable(),
  escalatedTo: z.string().nullable(),
  sla: slaSchema,
});

export const CommentResponseSchema = z.object({
  id: z.uuid(),
  taskId: z.uuid(),
  author: holderSchema.nullable(),
  department: z.string(),
  body: z.string(),
  visibleToApplicant: z.boolean(),
  createdAt: z.string(),
});

export const TaskDetailResponseSchema = TaskViewResponseSchema.extend({
  attachments: z.array(
    z.object({
      field: z.string(),
      ref: z.string(),
      name: z.string(),
      contentType: z.string(),
      sizeBytes: z.number(),
    }),
  ),
  outputForm: z.looseObject({}).nullable(),
  outputs: z.record(z.string(), z.unknown()).nullable(),
  recentComments: z.array(CommentResponseSchema),
});

/** A decision's answer: the task with the outputs the decision recorded. */
export const TaskDecidedResponseSchema = TaskViewResponseSchema.extend({
  outputs: z.record(z.string(), z.unknown()).nullable(),
});

export const WorklistResponseSchema = z.object({
  items: z.array(TaskViewResponseSchema),
  nextCursor: z.string().nullable(),
  /** Exact; absent when counting would cost more than the page (then `totalAtLeast`). */
  total: z.number().optional(),
  totalAtLeast: z.number().optional(),
});

export const CommentListResponseSchema = z.object({
  items: z.array(CommentResponseSchema),
  nextCursor: z.string().nullable(),
});

export const BulkResultResponseSchema = z.object({
  results: z.array(
    z.object({ id: z.uuid(), ok: z.boolean(), code: z.string().optional(), message: z.string().optional() }),
  ),
});
export type BulkResult = z.infer<typeof BulkResultResponseSchema>;
