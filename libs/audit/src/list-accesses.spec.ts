import type { AccessRecord } from './access-trail';
import { mergeAlikeAccesses } from './list-accesses';

const read = (caseId: string | null, overrides: Partial<AccessRecord> = {}): AccessRecord => ({
  actor: { kind: 'account', id: 'worker-1' },
  role: 'department_worker',
  department: 'talent-office',
  caseId,
  resource: 'worklist:talentCertification',
  fields: ['fullName', 'residentId'],
  purpose: 'case-processing',
  ...overrides,
});

describe('mergeAlikeAccesses', () => {
  it('makes the reads that differ only in their case one record naming the cases', () => {
    const { caseId: _none, ...kind } = read('a');
    expect(mergeAlikeAccesses([read('a'), read('b'), read('c')])).toEqual([
      { ...kind, caseIds: ['a', 'b', 'c'] },
    ]);
  });

  it('keeps reads apart that differ in anything else, fields compared as sets', () => {
    const merged = mergeAlikeAccesses([
      read('a'),
      read('b', { fields: ['residentId', 'fullName'] }),
      read('c', { fields: ['fullName'] }),
      read('d', { resource: 'worklist:householdReview' }),
      read('e', { department: 'housing' }),
      read('f', { actor: { kind: 'account', id: 'worker-2' } }),
      read('g', { action: 'decision' }),
    ]);
    expect(merged.map((access) => access.caseIds)).toEqual([['a', 'b'], ['c'], ['d'], ['e'], ['f'], ['g']]);
  });

  it('passes accesses of no case through untouched', () => {
    const account = read(null, { subjectAccountId: 'person-1', resource: 'account' });
    expect(mergeAlikeAccesses([account, read('a')])).toEqual([
      expect.objectContaining({ caseIds: ['a'] }),
      account,
    ]);
  });
});
