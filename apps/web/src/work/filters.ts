import type { WorklistFilters } from './api';

const STATUSES = ['open', 'awaiting_material', 'approved', 'rejected', 'cancelled'] as const;
const SLA_STATES = ['breached', 'due-soon', 'paused'] as const;
const ASSIGNEES = ['me', 'unassigned'] as const;
const PRIORITIES = ['normal', 'urgent'] as const;
const SORTS = ['due', 'created'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const KEY = /^[a-z][a-z0-9-]{0,62}$/;

export const FILTER_CHOICES = { STATUSES, SLA_STATES, ASSIGNEES, PRIORITIES, SORTS };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

function matching(pattern: RegExp, value: string | null): string | undefined {
  return value !== null && pattern.test(value) ? value : undefined;
}

/**
 * The queue's filters from the address bar (so a filtered queue is a link to share or bookmark). Unknown
 * values are dropped, never sent. No status in the URL means open tasks; `status=any` means every status.
 */
export function filtersFromSearch(search: URLSearchParams): WorklistFilters {
  const status = search.get('status');
  const filters: WorklistFilters = {
    status: status === 'any' ? undefined : (oneOf(STATUSES, status) ?? 'open'),
    sla: oneOf(SLA_STATES, search.get('sla')),
    assignee: oneOf(ASSIGNEES, search.get('assignee')),
    priority: oneOf(PRIORITIES, search.get('priority')),
    oneThing: matching(KEY, search.get('oneThing')),
    department: matching(KEY, search.get('department')),
    submittedFrom: matching(DAY, search.get('submittedFrom')),
    submittedTo: matching(DAY, search.get('submittedTo')),
    sort: oneOf(SORTS, search.get('sort')),
  };
  const present: WorklistFilters = Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined),
  );
  return present;
}

/** One filter changed: the new address bar query (empty values removed). */
export function withFilter(search: URLSearchParams, name: string, value: string): URLSearchParams {
  const next = new URLSearchParams(search);
  if (value === '') next.delete(name);
  else next.set(name, value);
  return next;
}
