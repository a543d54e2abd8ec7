import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKeyRing } from './payload-keys';

const ENCODING = 'binary/encrypted';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * AES-256-GCM over each whole payload (metadata included), so the Temporal server holds no personal data
 * in the clear. The key id travels in the metadata, so rotated keys keep old histories readable.
 * Layout of `data`: 12-byte IV | ciphertext | 16-byte tag.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: PayloadKeyRing) {}

  encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve().then(() =>
      payloads.map((payload) => {
        const keyId = this.ring.currentKeyId;
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', this.ring.keys.get(keyId)!, iv);
        const plain = temporal.api.common.v1.Payload.encode(payload).finish();
        const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        return {
          metadata: { encoding: encoder.encode(ENCODING), 'encryption-key-id': encoder.encode(keyId) },
          data: new Uint8Array(sealed),
        };
      }),
    );
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    // A failure (unknown key, tampered bytes) rejects the promise rather than throwing synchronously.
    return Promise.resolve().then(() =>
      payloads.map((payload) => {
        const encoding = payload.metadata?.encoding;
        // Payloads written before encryption was on stay readable as they are.
        if (!encoding || decoder.decode(encoding) !== ENCODING) return payload;
        const keyIdBytes = payload.metadata?.['encryption-key-id'];
        const keyId = keyIdBytes ? decoder.decode(keyIdBytes) : '';
        const key = this.ring.keys.get(keyId);
        if (!key)
          throw new Error(`No payload key "${keyId}": keep retired keys until their histories are gone`);
        const data = Buffer.from(payload.data ?? new Uint8Array());
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return temporal.api.common.v1.Payload.decode(plain);
      }),
    );
  }
}
