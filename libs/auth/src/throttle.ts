/**
 * Login and token abuse control, in memory per API process (a multi-replica deployment multiplies the
 * allowance by its replica count; the growing delay still makes guessing impractical):
 * - a fixed budget of requests per address per minute;
 * - after `freeFailures` consecutive failures for a key (an account name, an address), each further
 *   attempt must wait `baseDelayMs`, doubling per failure up to `maxDelayMs`.
 * Keys are account *names*, existing or not, so throttling never reveals whether an account exists.
 */
export interface ThrottleOptions {
  perMinute: number;
  accountFreeFailures: number;
  addressFreeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

interface FailureState {
  failures: number;
  blockedUntil: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export class LoginThrottle {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly failures = new Map<string, FailureState>();

  constructor(
    private readonly options: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request from `address`; refuses it when the minute's budget is spent. */
  admitRequest(address: string): ThrottleVerdict {
    const now = this.now();
    const window = this.windows.get(address);
    if (!window || now - window.start >= 60_000) {
      this.windows.set(address, { start: now, count: 1 });
      this.sweep(now);
      return { allowed: true };
    }
    window.count += 1;
    if (window.count > this.options.perMinute)
      return { allowed: false, retryAfterMs: window.start + 60_000 - now };
    return { allowed: true };
  }

  /** Whether an attempt for these keys must still wait after earlier failures. */
  check(keys: { account?: string; address: string }): ThrottleVerdict {
    const now = this.now();
    const waits = this.keysOf(keys).map((key) => (this.failures.get(key)?.blockedUntil ?? 0) - now);
    const wait = Math.max(0, ...waits);
    return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
  }

  /** Records a failure; answers whether this failure started a wait for the account (a lockout). */
  fail(keys: { account?: string; address: string }): { lockedOut: boolean } {
    const now = this.now();
    let lockedOut = false;
    for (const key of this.keysOf(keys)) {
      const state = this.failures.get(key) ?? { failures: 0, blockedUntil: 0 };
      state.failures += 1;
      const free = key.startsWith('account:')
        ? this.options.accountFreeFailures
        : this.options.addressFreeFailures;
      const over = state.failures - free;
      if (over > 0) {
        const delay = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (over - 1));
        state.blockedUntil = now + delay;
        if (over === 1 && key.startsWith('account:')) lockedOut = true;
      }
      this.failures.set(key, state);
    }
    return { lockedOut };
  }

  succeed(keys: { account?: string; address: string }): void {
    for (const key of this.keysOf(keys)) this.failures.delete(key);
  }

  private keysOf(keys: { account?: string; address: string }): string[] {
    return [
      `address:${keys.address}`,
      ...(keys.account !== undefined ? [`account:${keys.account.toLowerCase()}`] : []),
    ];
  }

  // Old entries go, so a flood of distinct names cannot grow memory without bound.
  private sweep(now: number): void {
    if (this.windows.size + this.failures.size < 10_000) return;
    for (const [key, window] of this.windows) if (now - window.start >= 60_000) this.windows.delete(key);
    for (const [key, state] of this.failures)
      if (state.blockedUntil < now - this.options.maxDelayMs) this.failures.delete(key);
  }
}
