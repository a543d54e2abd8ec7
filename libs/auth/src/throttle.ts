import type { DataSource } from 'typeorm';
import { ThrottleRepository } from './repositories/throttle.repository';

/**
 * Abuse control for sign-in, token refresh and the own-password change, kept in PostgreSQL
 * (`throttle_counters`) so every API replica sees the same counts:
 * - a fixed budget of requests per address per minute;
 * - after the free failures of a key (an account, a name nobody has, an address), each further attempt
 *   must wait `baseDelayMs`, doubling per failure up to `maxDelayMs`.
 * Counters are updated by single-statement upserts (`ThrottleRepository`), so concurrent requests on any
 * replica cannot both read the old count. A counter quiet for `maxDelayMs` starts again from zero.
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
  private readonly counters: ThrottleRepository;

  constructor(
    dataSource: DataSource,
    private readonly options: ThrottleOptions,
  ) {
    this.counters = new ThrottleRepository(dataSource.manager);
  }

  /** Counts one request from `address`; refuses it when the minute's budget is spent. */
  async admitRequest(address: string): Promise<ThrottleVerdict> {
    await this.pruneNowAndThen();
    const { hits, retryAfterMs } = await this.counters.countRequest(address, WINDOW_MS);
    return hits > this.options.perMinute
      ? { allowed: false, retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)) }
      : { allowed: true };
  }

  /** Whether an attempt for these keys must still wait after earlier failures. */
  async check(keys: readonly ThrottleKey[]): Promise<ThrottleVerdict> {
    const wait = await this.counters.longestWaitMs(keys);
    return wait > 0 ? { allowed: false, retryAfterMs: Math.ceil(wait) } : { allowed: true };
  }

  /**
   * Records a failure for each key; answers the scopes for which this failure started the first wait
   * (a lockout, worth a security event).
   */
  async fail(keys: readonly ThrottleKey[]): Promise<{ lockedOut: ThrottleScope[] }> {
    const lockedOut: ThrottleScope[] = [];
    for (const key of keys) {
      // A counter quiet for the longest wait starts again from zero.
      const { hits, nowMs } = await this.counters.countFailure(key, this.options.maxDelayMs);
      const free = this.freeFailures(key.scope);
      const delay = failureDelayMs(hits, free, this.options);
      if (delay === 0) continue;
      await this.counters.blockUntil(key, nowMs + delay);
      if (hits - free === 1 && key.scope !== 'address') lockedOut.push(key.scope);
    }
    return { lockedOut };
  }

  /** A success clears the failures of these keys. */
  async succeed(keys: readonly ThrottleKey[]): Promise<void> {
    await this.counters.clear(keys);
  }

  private freeFailures(scope: ThrottleScope): number {
    return scope === 'address' ? this.options.addressFreeFailures : this.options.accountFreeFailures;
  }

  // Quiet counters go, so a flood of distinct names or addresses cannot grow the table without bound.
  private async pruneNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrunedAt < PRUNE_EVERY_MS) return;
    this.lastPrunedAt = now;
    await this.counters.pruneQuiet(WINDOW_MS, this.options.maxDelayMs);
  }
}
