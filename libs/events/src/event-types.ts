/**
 * A subscription's event type filters: exact types (`task.opened`), a prefix ending in `.*` (`task.*`,
 * every task event), or `*` (everything).
 */
export const EVENT_TYPE_FILTER_PATTERN = /^(\*|[a-z][a-z0-9-]*(\.[a-z0-9-]+)*(\.\*)?)$/;

export function matchesEventType(filters: readonly string[], type: string): boolean {
  return filters.some((filter) => {
    if (filter === '*') return true;
    if (filter.endsWith('.*')) return type.startsWith(filter.slice(0, -1));
    return filter === type;
  });
}
