import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import canonicalize from 'canonicalize';
import { compactVerify, CompactSign, type JSONWebKeySet } from 'jose';
import { generateSigningJwk, KeyStore } from '@onething/auth';
import type { AppConfig } from '@onething/config';

/** The media type in the protected header: a signature over a canonical result document, nothing else. */
const SIGNATURE_TYPE = 'onething-result+jws';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** RFC 8785 canonical JSON: the exact bytes that are signed and verified. */
export function canonicalJson(value: unknown): string {
  const text = presentedCanonicalJson(value);
  if (text === undefined) throw new Error('not representable as canonical JSON');
  return text;
}

/**
 * The canonical JSON of what a client presented, or undefined when it has none: RFC 8785 has no
 * spelling for a number JSON parsing turned into Infinity (`1e400`), so no signature can cover it.
 */
export function presentedCanonicalJson(value: unknown): string | undefined {
  try {
    return canonicalize(value);
  } catch {
    return undefined;
  }
}

/**
 * Signs result documents with the platform's key: a detached compact JWS (RFC 7515 appendix F: the
 * payload part left empty) over the document's canonical JSON. Every configured key verifies, so a key
 * can be rotated while documents signed with the old one still verify.
 */
export class ResultSigner {
  private constructor(private readonly keys: KeyStore) {}

  static async load(config: AppConfig): Promise<ResultSigner> {
    const jwks = config.results.signingKeys
      ? readJwks(config.results.signingKeys)
      : await developmentKeys(config);
    return new ResultSigner(await KeyStore.fromJwks(jwks));
  }

  /** The public halves, for verifying documents offline. */
  get publicJwks(): JSONWebKeySet {
    return this.keys.publicJwks;
  }

  async sign(canonical: string): Promise<string> {
    const { kid, alg, key } = this.keys.signing;
    const compact = await new CompactSign(new TextEncoder().encode(canonical))
      .setProtectedHeader({ alg, kid, typ: SIGNATURE_TYPE })
      .sign(key);
    const [header, , signature] = compact.split('.');
    return `${header}..${signature}`;
  }

  /** Whether `signature` is this platform's over exactly these bytes; any changed byte is refused. */
  async verify(canonical: string, signature: string): Promise<boolean> {
    const [header, payload, value, ...rest] = signature.split('.');
    if (rest.length > 0 || payload !== '' || !header || !value) return false;
    // A base64url text that decodes to the same bytes after a change in its unused trailing bits is
    // still a changed signature: only the canonical spelling is accepted.
    if (!isCanonicalBase64url(header) || !isCanonicalBase64url(value)) return false;
    const encoded = Buffer.from(canonical, 'utf8').toString('base64url');
    try {
      const verified = await compactVerify(`${header}.${encoded}.${value}`, this.keys.verificationKeys);
      return verified.protectedHeader.typ === SIGNATURE_TYPE;
    } catch {
      return false;
    }
  }
}

function isCanonicalBase64url(text: string): boolean {
  return BASE64URL.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
}

function readJwks(setting: string): JSONWebKeySet {
  const text = setting.trimStart().startsWith('{') ? setting : readFileSync(setting, 'utf8');
  try {
    return JSON.parse(text) as JSONWebKeySet;
  } catch {
    throw new Error('RESULT_SIGNING_KEYS is not valid JSON (expected a JWKS: {"keys": [...]})');
  }
}

/**
 * Without configured keys (development, tests, the embedded setup) one Ed25519 key is generated into the
 * data folder once and kept, so documents issued before a restart still verify. Never in production.
 */
async function developmentKeys(config: AppConfig): Promise<JSONWebKeySet> {
  if (config.env === 'production') throw new Error('RESULT_SIGNING_KEYS is required in production');
  const path = join(config.dataDir, 'keys', 'result-signing.jwks.json');
  try {
    return readJwks(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(path), { recursive: true });
  const jwks = { keys: [await generateSigningJwk('EdDSA')] };
  try {
    // `wx`: of two processes starting at once, one writes; the other reads what it wrote.
    writeFileSync(path, JSON.stringify(jwks, null, 2), { mode: 0o600, flag: 'wx' });
    return jwks;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readJwks(path);
  }
}
