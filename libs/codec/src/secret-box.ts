import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { loadPayloadKeys, type PayloadKeyRing } from './payload-keys';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Secrets kept in the database (a connector's token or HMAC secret), sealed with the payload key ring
 * (AES-256-GCM): the same key material, the same rotation (the key id travels with the ciphertext). The
 * `context` (e.g. `connector:credit`) is authenticated data, so a ciphertext copied to another row does
 * not open there. Sealed form: `v1:<keyId>:<base64 iv|ciphertext|tag>`.
 */
export class SecretBox {
  constructor(private readonly ring: PayloadKeyRing) {}

  seal(plain: string, context: string): string {
    const keyId = this.ring.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.ring.keys.get(keyId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const sealed = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${FORMAT}:${keyId}:${sealed.toString('base64')}`;
  }

  /** Throws (without the secret) when the key is gone, the context differs or the bytes were changed. */
  open(sealed: string, context: string): string {
    const [format, keyId, data] = sealed.split(':');
    if (format !== FORMAT || !keyId || !data) throw new Error('not a sealed secret');
    const key = this.ring.keys.get(keyId);
    if (!key) throw new Error(`No payload key "${keyId}" to open a stored secret`);
    const bytes = Buffer.from(data, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }
}

/**
 * The box of a process: PAYLOAD_ENCRYPTION_KEYS when set (required in production, where the API and the
 * worker refuse to start without it); otherwise a fixed development key, so a local API and worker
 * agree without configuration. Secrets sealed with it are only as safe as a development database.
 */
export function secretBoxFor(payloadKeys: string | undefined): SecretBox {
  if (payloadKeys) return new SecretBox(loadPayloadKeys(payloadKeys));
  const key = createHash('sha256').update('onething development secret key (not for production)').digest();
  return new SecretBox({ currentKeyId: 'development', keys: new Map([['development', key]]) });
}
