import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The payload encryption keys: every key that may still be needed to decrypt (old histories), and the
 * one new payloads are encrypted with. Rotation: add a key, make it current, keep the old ones.
 */
export interface PayloadKeyRing {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

const keyFileSchema = z.strictObject({
  current: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a key id'),
  keys: z.record(
    z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a key id'),
    z.base64().refine((k) => Buffer.from(k, 'base64').length === 32, 'a base64 AES-256 key (32 bytes)'),
  ),
});
export type PayloadKeyFile = z.infer<typeof keyFileSchema>;

/** Reads `{ current, keys: { id: base64 } }`, given inline (JSON) or as a file path. */
export function loadPayloadKeys(setting: string): PayloadKeyRing {
  const text = setting.trimStart().startsWith('{') ? setting : readFileSync(setting, 'utf8');
  const parsed = keyFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(
      `PAYLOAD_ENCRYPTION_KEYS: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const { current, keys } = parsed.data;
  if (!(current in keys))
    throw new Error(`PAYLOAD_ENCRYPTION_KEYS: the current key "${current}" is not among the keys`);
  return {
    currentKeyId: current,
    keys: new Map(Object.entries(keys).map(([id, key]) => [id, Buffer.from(key, 'base64')])),
  };
}

/** A fresh key file with one random key. */
export function generatePayloadKeyFile(
  keyId = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`,
): PayloadKeyFile {
  return { current: keyId, keys: { [keyId]: randomBytes(32).toString('base64') } };
}
