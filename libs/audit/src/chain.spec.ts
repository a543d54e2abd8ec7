import type { AccessTrailRow } from '@onething/persistence';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalRecordJson, ChainWalker, GENESIS_HASH, linkAfter, recordHash } from './chain';

const content = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  occurredAt: new Date(Date.UTC(2026, 10, 29, 12, 0, n)),
  action: 'read' as const,
  actorId: 'worker-1',
  actorKind: 'account' as const,
  role: 'department_worker',
  department: 'talent-office',
  caseId: '11111111-1111-4111-8111-111111111111',
  caseIds: null,
  subjectAccountId: null,
  resource: 'task:talentCertification',
  fields: ['fullName', 'residentId'],
  purpose: 'case-processing',
});

const toJsonable = (record: object) => JSON.parse(JSON.stringify(record)) as Record<string, unknown>;

function chainOf(length: number): AccessTrailRow[] {
  return linkAfter(
    { seq: 0, hash: GENESIS_HASH },
    Array.from({ length }, (_, i) => content(i + 1)),
  ).rows;
}

describe('the access trail hash chain', () => {
  it('writes exactly the RFC 8785 canonical JSON that canonicalize writes, for any content', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    const nullable = fc.option(text, { nil: null });
    const contentArbitrary = fc.record({
      seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      id: text,
      occurredAt: fc.date({ noInvalidDate: true }),
      action: fc.constantFrom('read' as const, 'decision' as const),
      actorId: text,
      actorKind: fc.constantFrom('account' as const, 'department_system' as const),
      role: text,
      department: nullable,
      caseId: nullable,
      caseIds: fc.option(fc.array(text, { minLength: 2, maxLength: 4 }), { nil: null }),
      subjectAccountId: nullable,
      resource: text,
      fields: fc.array(text, { maxLength: 6 }),
      purpose: text,
      prevHash: text,
    });
    fc.assert(
      fc.property(contentArbitrary, (content) => {
        const general = canonicalize({
          ...content,
          // A null list of cases is left out (records from before lists hold no such member).
          caseIds: content.caseIds ?? undefined,
          occurredAt: content.occurredAt.toISOString(),
        });
        expect(canonicalRecordJson(content)).toBe(general);
      }),
      { numRuns: 500 },
    );
  });

  it('links each record to the previous hash, from the genesis, with consecutive positions', () => {
    const rows = chainOf(3);
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3]);
    expect(rows[0].prevHash).toBe(GENESIS_HASH);
    expect(rows[1].prevHash).toBe(rows[0].hash);
    expect(rows[2].prevHash).toBe(rows[1].hash);
    expect(rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the canonical JSON: the order of keys and of nothing else does not matter', () => {
    const [row] = chainOf(1);
    const { hash: _hash, ...rest } = row;
    const reordered = Object.fromEntries(Object.entries(rest).reverse()) as typeof rest;
    expect(recordHash(reordered)).toBe(row.hash);
    expect(recordHash({ ...rest, fields: ['residentId', 'fullName'] })).not.toBe(row.hash);
  });

  it('hashes a record of one case as it did before lists of cases existed', () => {
    const [row] = chainOf(1);
    const { caseIds: _none, hash: _hash, ...before } = row;
    const written = createHash('sha256')
      .update(canonicalize(toJsonable(before))!, 'utf8')
      .digest('hex');
    expect(row.hash).toBe(written);
  });

  it('covers the list of cases: changing, adding or removing one changes the hash', () => {
    const list = { ...content(1), caseId: null, caseIds: ['a', 'b'], seq: 1, prevHash: GENESIS_HASH };
    const hash = recordHash(list);
    expect(recordHash({ ...list, caseIds: ['a', 'c'] })).not.toBe(hash);
    expect(recordHash({ ...list, caseIds: ['a', 'b', 'c'] })).not.toBe(hash);
    expect(recordHash({ ...list, caseIds: null })).not.toBe(hash);
  });

  it('finds nothing wrong with an intact chain and a head naming its end', () => {
    const rows = chainOf(5);
    const walker = new ChainWalker();
    expect(walker.next(rows.slice(0, 2))).toBeUndefined();
    expect(walker.next(rows.slice(2))).toBeUndefined();
    expect(walker.end({ seq: 5, hash: rows[4].hash })).toBeUndefined();
    expect(walker.checked).toBe(5);
  });

  it('names a changed record with the hash its content has and the hash it stores', () => {
    const rows = chainOf(4);
    rows[2] = { ...rows[2], fields: ['fullName'] };
    const broken = new ChainWalker().next(rows);
    expect(broken).toEqual({
      problem: 'content',
      id: rows[2].id,
      position: 3,
      expectedHash: recordHash(rows[2]),
      foundHash: rows[2].hash,
    });
  });

  it('names a removed record (a gap) and a record re-hashed to hide a change (a broken link after it)', () => {
    const rows = chainOf(4);
    expect(new ChainWalker().next([rows[0], rows[2], rows[3]])).toMatchObject({
      problem: 'gap',
      position: 2,
    });
    const forged = { ...rows[1], purpose: 'oversight' };
    const rehashed = { ...forged, hash: recordHash(forged) };
    expect(new ChainWalker().next([rows[0], rehashed, rows[2], rows[3]])).toMatchObject({
      problem: 'link',
      id: rows[2].id,
      position: 3,
    });
  });

  it('notices records cut off the end through the head', () => {
    const rows = chainOf(3);
    const walker = new ChainWalker();
    walker.next(rows.slice(0, 2));
    expect(walker.end({ seq: 3, hash: rows[2].hash })).toMatchObject({ problem: 'head', position: 3 });
  });
});
