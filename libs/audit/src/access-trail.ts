import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ReadModel, type AccessAction, type AccessTrailRow, type ChainHead } from '@onething/persistence';
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
  /**
   * Several cases whose same `fields` one list page showed (instead of `caseId`): one record for the
   * page, not one per case. A list of one is stored as `caseId`.
   */
  caseIds?: readonly string[];
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

/** A caller's records waiting for the next append, and how to tell it the append is durable. */
interface Waiting {
  contents: RecordContent[];
  settle: (error?: Error) => void;
}

type RecordContent = Omit<AccessTrailRow, 'seq' | 'prevHash' | 'hash'>;

/** One append takes at most this many callers' records (a worklist page is 50 records). */
const MAX_CALLERS_PER_APPEND = 64;

/**
 * The access trail (the port other features call): append-only and hash-chained in PostgreSQL. Appends
 * lock the single head row, so concurrent writers on any replica are serialised and the chain never
 * forks. Within one process the appends are group-committed: the records of every caller that arrives
 * while an append is under way go together into the next one (one head lock, one multi-row insert, one
 * commit), so concurrent readers queue neither on the head lock nor on a commit each. A caller resumes
 * only once its records are committed: a read never answers before its record is durable.
 */
@Injectable()
export class AccessTrail {
  private readonly waiting: Waiting[] = [];
  private appending = false;
  /** The head as this process's last append left it: the next append's expected head. */
  private lastHead: ChainHead | undefined;

  constructor(private readonly readModel: ReadModel) {}

  async record(access: AccessRecord): Promise<void> {
    await this.recordMany([access]);
  }

  recordMany(accesses: readonly AccessRecord[]): Promise<void> {
    if (accesses.length === 0) return Promise.resolve();
    const occurredAt = new Date();
    const contents = accesses.map((access) => toContent(access, occurredAt));
    return new Promise((resolve, reject) => {
      this.waiting.push({ contents, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      void this.appendWaiting();
    });
  }

  /** Appends what waits, a group at a time, until nothing does; one runs at a time per process. */
  private async appendWaiting(): Promise<void> {
    if (this.appending) return;
    this.appending = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, MAX_CALLERS_PER_APPEND);
        try {
          await this.append(group.flatMap((caller) => caller.contents));
          for (const caller of group) caller.settle();
        } catch (error) {
          // Each caller alone, so one caller's failure never fails another's records.
          if (group.length === 1) group[0].settle(asError(error));
          else await this.appendEach(group);
        }
      }
    } finally {
      this.appending = false;
    }
  }

  private async appendEach(group: Waiting[]): Promise<void> {
    for (const caller of group) {
      await this.append(caller.contents).then(
        () => caller.settle(),
        (error: unknown) => caller.settle(asError(error)),
      );
    }
  }

  /**
   * One chain step. Usually one statement: the records linked after the head this process last left,
   * appended only if the head is still there (compare-and-swap). When another writer (a replica, the
   * worker) appended meanwhile, or this process has not appended yet: lock the head, link after it,
   * append, in one transaction.
   */
  private async append(contents: RecordContent[]): Promise<void> {
    const expected = this.lastHead;
    if (expected) {
      const linked = linkAfter(expected, contents);
      if (await this.readModel.accessTrail.appendIfHead(expected, linked.rows, linked.head)) {
        this.lastHead = linked.head;
        return;
      }
    }
    this.lastHead = undefined;
    this.lastHead = await this.readModel.transaction(async (tx) => {
      const head = await tx.accessTrail.lockHead();
      const linked = linkAfter(head, contents);
      await tx.accessTrail.appendLinked(linked.rows, linked.head);
      return linked.head;
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

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(`access trail append failed: ${String(error)}`);
}

function toContent(access: AccessRecord, occurredAt: Date): RecordContent {
  const cases = access.caseIds ? [...new Set(access.caseIds)].sort() : [];
  if (cases.length > 0 && access.caseId)
    throw new Error('an access names either one case (caseId) or a list of cases (caseIds), not both');
  return {
    id: randomUUID(),
    occurredAt,
    action: access.action ?? 'read',
    actorId: access.actor.id,
    actorKind: access.actor.kind,
    role: access.role,
    department: access.department ?? null,
    caseId: cases.length === 1 ? cases[0] : (access.caseId ?? null),
    caseIds: cases.length > 1 ? cases : null,
    subjectAccountId: access.subjectAccountId ?? null,
    resource: access.resource,
    // Sorted and unique: the same read always names its fields alike.
    fields: [...new Set(access.fields)].sort(),
    purpose: access.purpose,
  };
}
