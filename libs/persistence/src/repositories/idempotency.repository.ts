import type { EntityManager } from 'typeorm';

/** What a claim of an Idempotency-Key found. */
export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; caseId: string }
  | { kind: 'different-request' }
  /** The first request with the key still runs (its row lock did not come free in time). */
  | { kind: 'in-flight' };

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Idempotency keys of submissions, per caller. There is no entity: the table is only ever claimed and
 * read back here.
 */
export class IdempotencyRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Claims `key` for `owner` inside the submission's transaction, waiting at most `waitMs` for a
   * concurrent request holding it. Same request hash → the case it created.
   */
  async claim(
    claim: { owner: string; key: string; requestHash: string; caseId: string },
    waitMs: number,
  ): Promise<IdempotencyClaim> {
    // SET LOCAL takes no parameters; the wait is a whole number of milliseconds.
    await this.manager.query(`SET LOCAL lock_timeout = '${Math.round(waitMs)}ms'`);
    let inserted: unknown[];
    try {
      inserted = await this.manager.query(
        `INSERT INTO idempotency_keys (owner, key, request_hash, case_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (owner, key) DO NOTHING RETURNING key`,
        [claim.owner, claim.key, claim.requestHash, claim.caseId],
      );
    } catch (error) {
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return { kind: 'in-flight' };
      throw error;
    }
    if (inserted.length > 0) return { kind: 'claimed' };
    const [row] = await this.manager.query<{ request_hash: string; case_id: string }[]>(
      `SELECT request_hash, case_id FROM idempotency_keys WHERE owner = $1 AND key = $2`,
      [claim.owner, claim.key],
    );
    return row.request_hash === claim.requestHash
      ? { kind: 'replay', caseId: row.case_id }
      : { kind: 'different-request' };
  }

  /** Whether `owner` has used `key` in a committed submission (a request with it replays or is refused). */
  async isKnown(owner: string, key: string): Promise<boolean> {
    const rows = await this.manager.query<unknown[]>(
      `SELECT 1 FROM idempotency_keys WHERE owner = $1 AND key = $2`,
      [owner, key],
    );
    return rows.length > 0;
  }
}
