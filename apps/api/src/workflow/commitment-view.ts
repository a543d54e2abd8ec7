import { z } from 'zod';
import { slaStateAt } from '@onething/calendar';
import type { CaseEntity } from '@onething/persistence';

/** The case's commitment (承诺时限) as clients see it; null for cases whose definition promises none. */
export const CommitmentViewSchema = z
  .object({
    dueDate: z.string(),
    dueAt: z.string(),
    /** `met`: the case closed within its commitment. */
    state: z.enum(['on-time', 'due-soon', 'breached', 'met']),
    /** Until the end of the due date (negative once breached); null once the case closed. */
    timeLeftMs: z.number().nullable(),
    breachedAt: z.string().nullable(),
  })
  .nullable();
export type CommitmentView = z.infer<typeof CommitmentViewSchema>;

export const COMMITMENT_STATES = ['on-time', 'due-soon', 'breached'] as const;

type CommitmentColumns = Pick<
  CaseEntity,
  'commitmentDueDate' | 'commitmentDueAt' | 'commitmentDueSoonAt' | 'commitmentBreachedAt' | 'completedAt'
>;

/** As a step's SLA view: a recorded breach stays a breach; an open case past its due time is breached. */
export function toCommitmentView(row: CommitmentColumns, now = Date.now()): CommitmentView {
  if (!row.commitmentDueDate || !row.commitmentDueAt || !row.commitmentDueSoonAt) return null;
  const open = row.completedAt === null;
  const clock = {
    dueAt: row.commitmentDueAt.getTime(),
    dueSoonAt: row.commitmentDueSoonAt.getTime(),
    paused: false,
    breached: row.commitmentBreachedAt !== null,
  };
  const state = open ? slaStateAt(clock, now) : clock.breached ? 'breached' : 'met';
  return {
    dueDate: row.commitmentDueDate,
    dueAt: row.commitmentDueAt.toISOString(),
    state: state === 'paused' ? 'on-time' : state,
    timeLeftMs: open ? clock.dueAt - now : null,
    breachedAt: row.commitmentBreachedAt?.toISOString() ?? null,
  };
}
