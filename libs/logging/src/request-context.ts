import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The request id of the work in progress: set by the API for each request (and by nothing else), read by
 * the logger so every line written while serving a request names it, and by the case dispatcher, which
 * carries it into the case workflow as its correlation id.
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

/**
 * What an incoming `X-Request-Id` may be to be kept: 8–128 characters of letters, digits and `._:-`
 * with at least two letters (a UUID, a ULID, a proxy's id). Anything else — spaced, too long, or shaped
 * like personal data (a phone number is all digits, a resident ID digits and at most one X) — is
 * replaced by a fresh id, so a client cannot write its own data into every log line.
 */
const ACCEPTED_REQUEST_ID = /^(?=(?:[^A-Za-z]*[A-Za-z]){2})[A-Za-z0-9._:-]{8,128}$/;

/** The incoming id when it is acceptable, otherwise a new UUID. */
export function acceptOrCreateRequestId(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value !== undefined && ACCEPTED_REQUEST_ID.test(value) ? value : randomUUID();
}

export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
