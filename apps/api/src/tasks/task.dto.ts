import { z } from 'zod';
import type { TaskEntity } from '@onething/persistence';

export const taskIdSchema = z.uuid({ message: 'a task id (UUID)' });

export const worklistQuerySchema = z.strictObject({
  department: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'a department code')
    .optional(),
  status: z.enum(['open', 'approved', 'rejected', 'cancelled']).optional(),
  caseId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type WorklistQuery = z.infer<typeof worklistQuerySchema>;

export const taskDecisionSchema = z
  .strictObject({
    decision: z.enum(['approved', 'rejected']),
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .refine((body) => body.decision === 'approved' || body.reason !== undefined, {
    message: 'a rejection needs a reason',
    path: ['reason'],
  });
export type TaskDecisionDto = z.infer<typeof taskDecisionSchema>;

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
  };
}
