import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningJwk } from '@onething/auth';
import { generatePayloadKeyFile } from '@onething/codec';

export interface ClusterSecrets {
  /** PAYLOAD_ENCRYPTION_KEYS for every replica: histories written by one must be read by all. */
  payloadKeysFile: string;
  /** AUTH_SIGNING_KEYS for both API replicas: a token one issues, the other accepts. */
  signingKeysFile: string;
}

/**
 * The local cluster's keys, kept in its data folder (created once, mode 0600). Real deployments set
 * PAYLOAD_ENCRYPTION_KEYS and AUTH_SIGNING_KEYS from their secret store; a backup needs the payload keys.
 */
export async function ensureClusterSecrets(dataDir: string): Promise<ClusterSecrets> {
  mkdirSync(dataDir, { recursive: true });
  const payloadKeysFile = join(dataDir, 'payload-keys.json');
  const signingKeysFile = join(dataDir, 'signing-keys.json');
  if (!existsSync(payloadKeysFile))
    writeFileSync(payloadKeysFile, JSON.stringify(generatePayloadKeyFile(), null, 2), { mode: 0o600 });
  if (!existsSync(signingKeysFile))
    writeFileSync(signingKeysFile, JSON.stringify({ keys: [await generateSigningJwk()] }, null, 2), {
      mode: 0o600,
    });
  return { payloadKeysFile, signingKeysFile };
}
