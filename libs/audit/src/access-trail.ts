import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ReadModel, type AccessAction, type AccessTrailRow } from '@onething/persistence';
import { ChainWalker, linkAfter, type ChainBreak } from './chain';

/** Who accessed: a person's account or a department's system credential (their ids, never names). */
export interface AccessActor {
  kind: 'account' | 'department_system';
  id: string;
}

/** One access to personal data, or one decision. `fields` are field NAMES; values never enter the trail. */
export interface AccessRecord {
  actor: AccessActor;
  /** The role the access was allowed by (see `accessBasis`). */
  role: string;
  department?: string | null;
  caseId?: string | null;
  /** Whose personal data, when it is an account's rather than a case's (an administrator reading a user). */
  subjectAccountId?: string | null;
  /** What was read: `case`, `task`, `worklist`, `notices`, `result`, `attachment`, `account`… */
  resource: string;
  fields: readonly string[];
  purpose: string;
  /** `read` unless told otherwise. */
  action?: AccessAction;
}

export interface ChainVerdict {
  valid: boolean;
  /** Records checked before the end or the first break. */
  checked: number;
  head: { position: number; hash: string };
  firstBroken: ChainBreak | null;
}

const VERIFY_BATCH = 2_000;

/**
 * The access trail (the port other features call): append-only and hash-chained in PostgreSQL. Appends
 * lock the single head row, so concurrent writers on any replica are serialised and the chain never
 * forks; a page of accesses is appended in one statement under one lock.
 */
@Injectable()
export class AccessTrail {
  constructor(private readonly readModel: ReadModel) {}

  async record(access: AccessRecord): Promise<void> {
    await this.recordMany([access]);
  }

  async recordMany(accesses: readonly AccessRecord[]): Promise<void> {
    if (accesses.length === 0) return;
    const occurredAt = new Date();
    await this.readModel.transaction(async (tx) => {
      const head = await tx.accessTrail.lockHead();
      const linked = linkAfter(
        head,
        accesses.map((access) => toContent(access, occurredAt)),
      );
      await tx.accessTrail.insert(linked.rows);
      await tx.accessTrail.moveHead(linked.head);
    });
  }

  /** Walks the whole chain from the first record and names the first broken one. */
  async verify(): Promise<ChainVerdict> {
    // Rows up to the head as read now; appends meanwhile are checked by the next verification.
    const head = await this.readModel.accessTrail.head();
    const walker = new ChainWalker();
    let after = 0;
    let broken: ChainBreak | undefined;
    while (!broken && after < head.seq) {
      const rows = (await this.readModel.accessTrail.chainAfter(after, VERIFY_BATCH)).filter(
        (row) => row.seq <= head.seq,
      );
      if (rows.length === 0) break;
      broken = walker.next(rows);
      after = rows[rows.length - 1].seq;
    }
    broken ??= walker.end(head);
    return {
      valid: broken === undefined,
      checked: walker.checked,
      head: { position: head.seq, hash: head.hash },
      firstBroken: broken ?? null,
    };
  }
}

function toContent(
  access: AccessRecord,
  occurredAt: Date,
): Omit<AccessTrailRow, 'seq' | 'prevHash' | 'hash'> {
  return {
    id: randomUUID(),
    occurredAt,
    action: access.action ?? 'read',
    actorId: access.actor.id,
    actorKind: access.actor.kind,
    role: access.role,
    department: access.department ?? null,
    caseId: access.caseId ?? null,
    subjectAccountId: access.subjectAccountId ?? null,
    resource: access.resource,
    // Sorted and unique: the same read always names its fields alike.
    fields: [...new Set(access.fields)].sort(),
    purpose: access.purpose,
  };
}
