import type { DataSource } from 'typeorm';

/**
 * Abuse control for sign-in, token refresh and the own-password change, kept in PostgreSQL
 * (`throttle_counters`) so every API replica sees the same counts:
 * - a fixed budget of requests per address per minute;
 * - after the free failures of a key (an account, a name nobody has, an address), each further attempt
 *   must wait `baseDelayMs`, doubling per failure up to `maxDelayMs`.
 * Counters are updated by single-statement upserts, so concurrent requests on any replica cannot both
 * read the old count. A counter quiet for `maxDelayMs` starts again from zero.
 */
export interface ThrottleOptions {
  perMinute: number;
  accountFreeFailures: number;
  addressFreeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * `account`: sign-in failures of one account (`id:<uuid>`) or of a name no account has (`name:<hash>`);
 * `address`: sign-in and refresh failures from one address; `password`: wrong current passwords given
 * by one signed-in account; `requests`: the per-minute request budget of an address.
 */
export type ThrottleScope = 'account' | 'address' | 'password' | 'requests';
export interface ThrottleKey {
  scope: ThrottleScope;
  key: string;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** How long the next attempt waits after `failures` consecutive failures (0: not yet). Pure. */
export function failureDelayMs(
  failures: number,
  freeFailures: number,
  options: Pick<ThrottleOptions, 'baseDelayMs' | 'maxDelayMs'>,
): number {
  const over = failures - freeFailures;
  if (over <= 0) return 0;
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(over - 1, 52));
}

const WINDOW_MS = 60_000;
const PRUNE_EVERY_MS = 60_000;

export class Throttle {
  private lastPrunedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ThrottleOptions,
  ) {}

  /** Counts one request from `address`; refuses it when the minute's budget is spent. */
  async admitRequest(address: string): Promise<ThrottleVerdict> {
    await this.pruneNowAndThen();
    const rows: { hits: number; retry_after_ms: number }[] = await this.dataSource.query(
      `INSERT INTO throttle_counters AS c (scope, key, window_started_at, hits, updated_at)
       VALUES ('requests', $1, now(), 1, now())
       ON CONFLICT (scope, key) DO UPDATE SET
         hits = CASE WHEN c.window_started_at <= now() - make_interval(secs => $2::float8 / 1000)
                     THEN 1 ELSE c.hits + 1 END,
         window_started_at = CASE WHEN c.window_started_at <= now() - make_interval(secs => $2::float8 / 1000)
                     THEN now() ELSE c.window_started_at END,
         updated_at = now()
       RETURNING hits,
         (extract(epoch FROM window_started_at - now()) * 1000 + $2::float8)::float8 AS retry_after_ms`,
      [address, WINDOW_MS],
    );
    const { hits, retry_after_ms: retryAfterMs } = rows[0];
    return hits > this.options.perMinute
      ? { allowed: false, retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)) }
      : { allowed: true };
  }

  /** Whether an attempt for these keys must still wait after earlier failures. */
  async check(keys: readonly ThrottleKey[]): Promise<ThrottleVerdict> {
    const rows: { wait_ms: number | null }[] = await this.dataSource.query(
      `SELECT max(extract(epoch FROM blocked_until - now()) * 1000)::float8 AS wait_ms
         FROM throttle_counters
        WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
          AND blocked_until > now()`,
      [keys.map((k) => k.scope), keys.map((k) => k.key)],
    );
    const wait = rows[0]?.wait_ms ?? 0;
    return wait > 0 ? { allowed: false, retryAfterMs: Math.ceil(wait) } : { allowed: true };
  }

  /**
   * Records a failure for each key; answers the scopes for which this failure started the first wait
   * (a lockout, worth a security event).
   */
  async fail(keys: readonly ThrottleKey[]): Promise<{ lockedOut: ThrottleScope[] }> {
    const lockedOut: ThrottleScope[] = [];
    for (const { scope, key } of keys) {
      const [{ hits, now_ms: nowMs }]: { hits: number; now_ms: number }[] = await this.dataSource.query(
        `INSERT INTO throttle_counters AS c (scope, key, window_started_at, hits, updated_at)
         VALUES ($1, $2, now(), 1, now())
         ON CONFLICT (scope, key) DO UPDATE SET
           hits = CASE WHEN coalesce(c.blocked_until, c.updated_at) < now() - make_interval(secs => $3::float8 / 1000)
                       THEN 1 ELSE c.hits + 1 END,
           window_started_at = CASE WHEN coalesce(c.blocked_until, c.updated_at) < now() - make_interval(secs => $3::float8 / 1000)
                       THEN now() ELSE c.window_started_at END,
           updated_at = now()
         RETURNING hits, (extract(epoch FROM now()) * 1000)::float8 AS now_ms`,
        [scope, key, this.options.maxDelayMs],
      );
      const free = this.freeFailures(scope);
      const delay = failureDelayMs(hits, free, this.options);
      if (delay === 0) continue;
      // Never shortens a wait a concurrent failure (on any replica) already set.
      await this.dataSource.query(
        `UPDATE throttle_counters
            SET blocked_until = greatest(blocked_until, to_timestamp(($3::float8 + $4::float8) / 1000))
          WHERE scope = $1 AND key = $2`,
        [scope, key, nowMs, delay],
      );
      if (hits - free === 1 && scope !== 'address') lockedOut.push(scope);
    }
    return { lockedOut };
  }

  /** A success clears the failures of these keys. */
  async succeed(keys: readonly ThrottleKey[]): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM throttle_counters WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((k) => k.scope), keys.map((k) => k.key)],
    );
  }

  private freeFailures(scope: ThrottleScope): number {
    return scope === 'address' ? this.options.addressFreeFailures : this.options.accountFreeFailures;
  }

  // Quiet counters go, so a flood of distinct names or addresses cannot grow the table without bound.
  private async pruneNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrunedAt < PRUNE_EVERY_MS) return;
    this.lastPrunedAt = now;
    await this.dataSource.query(
      `DELETE FROM throttle_counters
        WHERE updated_at < now() - make_interval(secs => $1::float8 / 1000)
          AND coalesce(blocked_until, updated_at) < now() - make_interval(secs => $2::float8 / 1000)`,
      [WINDOW_MS, this.options.maxDelayMs],
    );
  }
}
