import { slaStateAt, type SlaState } from '@onething/calendar';
import type { SlaColumns } from '@onething/persistence';

export interface SlaView {
  dueDate: string;
  dueAt: string;
  /** `met`: decided within the limit. */
  state: SlaState | 'met';
  /** Until the end of the due date (negative once breached); frozen while paused. Null once decided. */
  timeLeftMs: number | null;
  pausedAt: string | null;
  breachedAt: string | null;
  escalatedAt: string | null;
}

/** Null for steps without a clock (auto steps, and tasks opened before SLAs were kept). */
export function toSlaView(row: SlaColumns, open: boolean, now = Date.now()): SlaView | null {
  if (!row.dueDate || !row.dueAt || !row.dueSoonAt) return null;
  const clock = {
    dueAt: row.dueAt.getTime(),
    dueSoonAt: row.dueSoonAt.getTime(),
    paused: row.slaPausedAt !== null,
    breached: row.breachedAt !== null,
  };
  const state = open ? slaStateAt(clock, now) : clock.breached ? 'breached' : 'met';
  const reference = row.slaPausedAt ? row.slaPausedAt.getTime() : now;
  return {
    dueDate: row.dueDate,
    dueAt: row.dueAt.toISOString(),
    state,
    timeLeftMs: open ? clock.dueAt - reference : null,
    pausedAt: row.slaPausedAt?.toISOString() ?? null,
    breachedAt: row.breachedAt?.toISOString() ?? null,
    escalatedAt: row.escalatedAt?.toISOString() ?? null,
  };
}
