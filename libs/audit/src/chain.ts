import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AccessTrailRow, ChainHead } from '@onething/persistence';

/** The hash the first record links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** A record's content: everything stored but its own hash. */
export type ChainedContent = Omit<AccessTrailRow, 'hash'>;

/**
 * SHA-256 over the RFC 8785 canonical JSON of the record's content, which includes the previous record's
 * hash: changing, removing or reordering any record changes every hash after it.
 */
export function recordHash(content: ChainedContent): string {
  // Named one by one: a stored row (which also has its own hash) hashes exactly like its content.
  const canonical = canonicalize({
    seq: content.seq,
    id: content.id,
    occurredAt: content.occurredAt.toISOString(),
    action: content.action,
    actorId: content.actorId,
    actorKind: content.actorKind,
    role: content.role,
    department: content.department,
    caseId: content.caseId,
    subjectAccountId: content.subjectAccountId,
    resource: content.resource,
    fields: content.fields,
    purpose: content.purpose,
    prevHash: content.prevHash,
  });
  if (canonical === undefined) throw new Error('an access record must be JSON');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Links new records after `head`, in order; answers the rows and the new head. */
export function linkAfter(
  head: ChainHead,
  contents: readonly Omit<ChainedContent, 'seq' | 'prevHash'>[],
): { rows: AccessTrailRow[]; head: ChainHead } {
  let { seq, hash } = head;
  const rows = contents.map((content) => {
    seq += 1;
    const linked: ChainedContent = { ...content, seq, prevHash: hash };
    hash = recordHash(linked);
    return { ...linked, hash };
  });
  return { rows, head: { seq, hash } };
}

/** What is wrong with the first broken record. */
export interface ChainBreak {
  /** `content`: the record's stored hash is not the hash of its content (it was changed);
   *  `link`: its previous hash is not the hash of the record before it (one was removed or replaced);
   *  `gap`: a position is missing; `head`: the chain ends before or after where the head says. */
  problem: 'content' | 'link' | 'gap' | 'head';
  id: string | null;
  position: number;
  expectedHash: string;
  foundHash: string;
}

/** Checks records in chain order, continuing from the state the previous batch left. */
export class ChainWalker {
  private expectedSeq = 1;
  private expectedPrev = GENESIS_HASH;
  checked = 0;

  /** Answers the first break in `rows`, or undefined if they continue the chain. */
  next(rows: readonly AccessTrailRow[]): ChainBreak | undefined {
    for (const row of rows) {
      if (row.seq !== this.expectedSeq)
        return this.broken('gap', row, this.expectedPrev, row.prevHash, this.expectedSeq);
      if (row.prevHash !== this.expectedPrev)
        return this.broken('link', row, this.expectedPrev, row.prevHash);
      const recomputed = recordHash(row);
      if (recomputed !== row.hash) return this.broken('content', row, recomputed, row.hash);
      this.expectedSeq += 1;
      this.expectedPrev = row.hash;
      this.checked += 1;
    }
    return undefined;
  }

  /** After the last batch: the head must name the last record checked. */
  end(head: ChainHead): ChainBreak | undefined {
    if (head.seq === this.expectedSeq - 1 && head.hash === this.expectedPrev) return undefined;
    return {
      problem: 'head',
      id: null,
      position: head.seq,
      expectedHash: head.hash,
      foundHash: this.expectedPrev,
    };
  }

  private broken(
    problem: ChainBreak['problem'],
    row: AccessTrailRow,
    expectedHash: string,
    foundHash: string,
    position = row.seq,
  ): ChainBreak {
    return { problem, id: row.id, position, expectedHash, foundHash };
  }
}
