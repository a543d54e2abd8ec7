import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import type { AuthConfig } from '@onething/config';

export const SIGNING_ALGORITHMS = ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256'] as const;
type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  key: CryptoKey | Uint8Array;
}

/**
 * The access-token keys. The first signs; all verify, so an operator rotates by putting a new key first
 * and keeping the old one listed until the last token it signed has expired.
 */
export class KeyStore {
  readonly verificationKeys: ReturnType<typeof createLocalJWKSet>;

  private constructor(
    readonly signing: SigningKey,
    readonly publicJwks: JSONWebKeySet,
    readonly generated: boolean,
  ) {
    this.verificationKeys = createLocalJWKSet(publicJwks);
  }

  static async load(config: Pick<AuthConfig, 'signingKeys'>, env: string): Promise<KeyStore> {
    if (!config.signingKeys) {
      if (env === 'production') throw new Error('AUTH_SIGNING_KEYS is required in production');
      return KeyStore.fromJwks({ keys: [await generateSigningJwk()] }, true);
    }
    const text = config.signingKeys.trimStart().startsWith('{')
      ? config.signingKeys
      : readFileSync(config.signingKeys, 'utf8');
    let jwks: unknown;
    try {
      jwks = JSON.parse(text);
    } catch {
      throw new Error('AUTH_SIGNING_KEYS is not valid JSON (expected a JWKS: {"keys": [...]})');
    }
    return KeyStore.fromJwks(jwks as JSONWebKeySet, false);
  }

  static async fromJwks(jwks: JSONWebKeySet, generated = false): Promise<KeyStore> {
    if (!Array.isArray(jwks?.keys) || jwks.keys.length === 0)
      throw new Error('AUTH_SIGNING_KEYS: expected a JWKS with at least one key');
    const kids = new Set<string>();
    for (const jwk of jwks.keys) {
      if (!jwk.kid || kids.has(jwk.kid)) throw new Error('AUTH_SIGNING_KEYS: every key needs a unique kid');
      if (!SIGNING_ALGORITHMS.includes(jwk.alg as SigningAlgorithm))
        throw new Error(
          `AUTH_SIGNING_KEYS: key ${jwk.kid} needs alg, one of ${SIGNING_ALGORITHMS.join(', ')}`,
        );
      kids.add(jwk.kid);
    }
    const first = jwks.keys[0];
    if (!first.d) throw new Error('AUTH_SIGNING_KEYS: the first key signs, so it must be a private key');
    const signing: SigningKey = {
      kid: first.kid!,
      alg: first.alg as SigningAlgorithm,
      key: await importJWK(first, first.alg),
    };
    const publicKeys = jwks.keys.map((jwk) => {
      const copy: JWK = { ...jwk, use: 'sig' };
      for (const member of PRIVATE_MEMBERS) delete (copy as Record<string, unknown>)[member];
      return copy;
    });
    return new KeyStore(signing, { keys: publicKeys }, generated);
  }
}

/** A fresh private signing key as a JWK (throwaway keys in development and tests; the key tool). */
export async function generateSigningJwk(alg: 'ES256' | 'EdDSA' = 'ES256'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg };
}
