import type { EntityManager } from 'typeorm';

export interface ThrottleCounterKey {
  scope: string;
  key: string;
}

/**
 * `throttle_counters`, shared by every API replica. Each count is one single-statement upsert, so
 * concurrent requests on any replica cannot both read the old count: raw SQL, as the query builder
 * cannot express these conditional upserts. Times come from the database's clock.
 */
export class ThrottleRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Counts one request of `address` in its fixed window of `windowMs` (a window past its end starts
   * again); answers the window's count and how long until it ends.
   */
  async countRequest(address: string, windowMs: number): Promise<{ hits: number; retryAfterMs: number }> {
    const [row]: { hits: number; retry_after_ms: number }[] = await this.manager.query(
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
      [address, windowMs],
    );
    return { hits: row.hits, retryAfterMs: row.retry_after_ms };
  }

  /** The longest wait still set on any of `keys`, in ms (0: none waits). */
  async longestWaitMs(keys: readonly ThrottleCounterKey[]): Promise<number> {
    const rows: { wait_ms: number | null }[] = await this.manager.query(
      `SELECT max(extract(epoch FROM blocked_until - now()) * 1000)::float8 AS wait_ms
         FROM throttle_counters
        WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
          AND blocked_until > now()`,
      [keys.map((k) => k.scope), keys.map((k) => k.key)],
    );
    return rows[0]?.wait_ms ?? 0;
  }

  /**
   * Counts one failure of `key`; a counter quiet for `quietMs` starts again from one. Answers the count
   * and the database's now, in ms since the epoch.
   */
  async countFailure(
    { scope, key }: ThrottleCounterKey,
    quietMs: number,
  ): Promise<{ hits: number; nowMs: number }> {
    const [row]: { hits: number; now_ms: number }[] = await this.manager.query(
      `INSERT INTO throttle_counters AS c (scope, key, window_started_at, hits, updated_at)
       VALUES ($1, $2, now(), 1, now())
       ON CONFLICT (scope, key) DO UPDATE SET
         hits = CASE WHEN coalesce(c.blocked_until, c.updated_at) < now() - make_interval(secs => $3::float8 / 1000)
                     THEN 1 ELSE c.hits + 1 END,
         window_started_at = CASE WHEN coalesce(c.blocked_until, c.updated_at) < now() - make_interval(secs => $3::float8 / 1000)
                     THEN now() ELSE c.window_started_at END,
         updated_at = now()
       RETURNING hits, (extract(epoch FROM now()) * 1000)::float8 AS now_ms`,
      [scope, key, quietMs],
    );
    return { hits: row.hits, nowMs: row.now_ms };
  }

  /** Blocks `key` until `untilMs`; never shortens a wait a concurrent failure (on any replica) already set. */
  async blockUntil({ scope, key }: ThrottleCounterKey, untilMs: number): Promise<void> {
    await this.manager.query(
      `UPDATE throttle_counters
          SET blocked_until = greatest(blocked_until, to_timestamp($3::float8 / 1000))
        WHERE scope = $1 AND key = $2`,
      [scope, key, untilMs],
    );
  }

  async clear(keys: readonly ThrottleCounterKey[]): Promise<void> {
    await this.manager.query(
      `DELETE FROM throttle_counters WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((k) => k.scope), keys.map((k) => k.key)],
    );
  }

  /** Drops counters quiet for `windowMs` whose wait (if any) ended `maxDelayMs` ago. */
  async pruneQuiet(windowMs: number, maxDelayMs: number): Promise<void> {
    await this.manager.query(
      `DELETE FROM throttle_counters
        WHERE updated_at < now() - make_interval(secs => $1::float8 / 1000)
          AND coalesce(blocked_until, updated_at) < now() - make_interval(secs => $2::float8 / 1000)`,
      [windowMs, maxDelayMs],
    );
  }
}
