export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * The wait before the next attempt after `failures` failed ones: `base · 2^(failures-1)`, capped at
 * `max`, with "equal jitter" (half fixed, half random). The random half spreads the retries of many
 * deliveries that failed together (a receiver's outage) instead of sending them back in one wave; the
 * fixed half keeps each wait at least as long as the previous nominal one, so waits never shrink.
 */
export function retryDelayMs(failures: number, policy: BackoffPolicy, random: () => number = Math.random) {
  const exponent = Math.min(Math.max(failures - 1, 0), 40);
  const nominal = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(nominal / 2 + random() * (nominal / 2));
}

/**
 * A receiver's `Retry-After` (seconds or an HTTP date) in ms, when it asks for longer than our own
 * backoff; bounded by the policy's maximum, so a receiver cannot park a delivery for days.
 */
export function retryAfterMs(header: string | null, policy: BackoffPolicy, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = /^\d{1,9}$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, policy.maxMs) : null;
}
