import type { AccessRecord } from './access-trail';

/**
 * One list page's reads, as few records as say the same: the accesses that differ only in their case
 * (the same person, role, department, resource, fields, purpose and action) become one record naming
 * those cases. A worklist page of 50 tasks of one step is one record, not 50; every case is still found
 * by its own id (auditors' search, the applicant's access log). Accesses of no case pass through as they
 * are. Order: as each kind first appears.
 */
export function mergeAlikeAccesses(accesses: readonly AccessRecord[]): AccessRecord[] {
  const merged = new Map<string, { access: AccessRecord; caseIds: string[] }>();
  const alone: AccessRecord[] = [];
  for (const access of accesses) {
    if (!access.caseId) {
      alone.push(access);
      continue;
    }
    const { caseId, ...kind } = access;
    // A plain string key (a page calls this for each of its tasks): the fields as a sorted set.
    const key = [
      kind.actor.kind,
      kind.actor.id,
      kind.role,
      kind.department ?? '',
      kind.subjectAccountId ?? '',
      kind.resource,
      kind.purpose,
      kind.action ?? 'read',
      fieldSet(kind.fields),
    ].join('\u0000');
    const group = merged.get(key);
    if (group) group.caseIds.push(caseId);
    else merged.set(key, { access: kind, caseIds: [caseId] });
  }
  return [...[...merged.values()].map(({ access, caseIds }) => ({ ...access, caseIds })), ...alone];
}

/** The field names as one string, sorted and without repeats; usually already so (no copy then). */
function fieldSet(fields: readonly string[]): string {
  for (let i = 1; i < fields.length; i++) {
    if (fields[i - 1] >= fields[i]) return [...new Set(fields)].sort().join('\u0001');
  }
  return fields.join('\u0001');
}
