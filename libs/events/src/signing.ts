import { randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`), done by the `standardwebhooks`
 * library so any receiver's library of that scheme verifies what we send, and ours verifies theirs.
 */

/** The secret's prefix in the scheme; the rest is the base64 key. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** How far a timestamp may be from the verifier's clock (the library's fixed replay window). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;
const SECRET_BYTES = 32;

// A type, not an interface: it then passes as a plain header record (fetch, Node's http).
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

export interface WebhookMessage {
  /** The message id: the same on every retry of one event, so a receiver dedupes by it. */
  id: string;
  timestamp: Date;
  /** The exact bytes sent; any re-serialisation breaks the signature. */
  body: string;
}

/** A new signing secret, `whsec_` and 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** True when `secret` is a `whsec_` secret the library accepts (base64 of at least 24 bytes). */
export function isWebhookSecret(secret: string): boolean {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return false;
  const key = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  return /^[A-Za-z0-9+/]+={0,2}$/.test(key) && Buffer.from(key, 'base64').length >= 24;
}

/**
 * The headers of a signed message. Several secrets give several signatures (space-separated, as the
 * scheme allows): during a secret rotation the old and the new one both sign, so a receiver that has
 * not switched yet still verifies.
 */
export function signWebhook(message: WebhookMessage, secrets: readonly string[]): WebhookHeaders {
  if (secrets.length === 0) throw new Error('signWebhook needs at least one secret');
  const signatures = secrets.map((secret) =>
    new Webhook(secret).sign(message.id, message.timestamp, message.body),
  );
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

export type WebhookRejection = 'missing-headers' | 'stale' | 'future' | 'bad-timestamp' | 'bad-signature';

/** A message that does not verify; `reason` says why (never the secret or the body). */
export class WebhookSignatureError extends Error {
  constructor(readonly reason: WebhookRejection) {
    super(`webhook signature rejected: ${reason}`);
    this.name = 'WebhookSignatureError';
  }
}

/** Header values as Node's `IncomingHttpHeaders` or a fetch `Headers` object give them. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function headerRecord(headers: HeaderSource): Record<string, string> {
  const entries =
    headers instanceof Headers
      ? [...headers.entries()]
      : Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]);
  return Object.fromEntries(
    entries
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function rejection(error: unknown): WebhookRejection {
  if (!(error instanceof WebhookVerificationError)) throw error;
  if (error.message === 'Missing required headers') return 'missing-headers';
  if (error.message === 'Message timestamp too old') return 'stale';
  if (error.message === 'Message timestamp too new') return 'future';
  if (error.message === 'Invalid Signature Headers') return 'bad-timestamp';
  return 'bad-signature';
}

/**
 * Checks a received message against any of `secrets` (the current one and one being rotated out):
 * the signature over the exact body, and a timestamp within the replay window. Returns the message id
 * (the receiver's dedupe key); throws `WebhookSignatureError` otherwise.
 */
export function verifyWebhook(body: string, headers: HeaderSource, secrets: readonly string[]): string {
  const record = headerRecord(headers);
  let reason: WebhookRejection = 'bad-signature';
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(body, record, { jsonParse: false });
      return record['webhook-id'];
    } catch (error) {
      reason = rejection(error);
      // Only a signature mismatch may be another secret's; a stale or malformed message is so for all.
      if (reason !== 'bad-signature') break;
    }
  }
  throw new WebhookSignatureError(reason);
}
