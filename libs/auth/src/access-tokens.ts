import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import type { AuthConfig } from '@onething/config';
import { KeyStore, SIGNING_ALGORITHMS } from './keys';

export interface AccessTokenClaims {
  sub: string;
  /**
   * The session (refresh-token family) the token was issued in: the guard refuses the token as soon as
   * the family is revoked (logout, reuse of a spent refresh token, deactivation, password change).
   */
  sid: string;
  /** A hint for clients; the guard reads roles and departments from the account, not from here. */
  roles: string[];
}

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tokens remembered as verified: a busy replica's live sessions, a few hundred bytes each. */
const VERIFIED_TOKENS = 10_000;

interface VerifiedToken {
  sub: string;
  sid: string;
  /** Seconds since the epoch, as signed. */
  nbf: number;
  exp: number;
}

/** Seconds of clock difference tolerated on `nbf` and `exp`. */
const CLOCK_TOLERANCE = 5;

/** Short-lived signed access tokens: issuer, audience, expiry, not-before and key id always checked. */
export class AccessTokens {
  constructor(
    private readonly keys: KeyStore,
    private readonly config: Pick<AuthConfig, 'issuer' | 'audience' | 'accessTokenTtlSeconds'>,
  ) {}

  get ttlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  sign(claims: AccessTokenClaims): Promise<string> {
    const { kid, alg, key } = this.keys.signing;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sid: claims.sid, roles: claims.roles })
      .setProtectedHeader({ alg, kid, typ: 'at+jwt' })
      .setSubject(claims.sub)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.config.accessTokenTtlSeconds)
      .setJti(randomUUID())
      .sign(key);
  }

  /**
   * The exact token strings this process has verified, until they expire. Verifying a signature is the
   * largest CPU cost of an authenticated request (about a millisecond); a client sends the same token on
   * every request for its lifetime. A cached answer is only ever reused for byte-identical tokens, and its
   * time claims are checked again on each use; revocation is not the cache's concern (the guard checks
   * the session in the database on every request).
   */
  private readonly verified = new LRUCache<string, VerifiedToken>({ max: VERIFIED_TOKENS });

  /** Throws on any defect: `alg: none`, unknown kid, bad signature, wrong iss/aud, expired, not yet valid. */
  async verify(token: string): Promise<{ sub: string; sid: string }> {
    const now = Math.floor(Date.now() / 1000);
    const known = this.verified.get(token);
    if (known && known.nbf - CLOCK_TOLERANCE <= now && now < known.exp + CLOCK_TOLERANCE) {
      return { sub: known.sub, sid: known.sid };
    }
    const { payload } = await jwtVerify(token, this.keys.verificationKeys, {
      issuer: this.config.issuer,
      audience: this.config.audience,
      algorithms: [...SIGNING_ALGORITHMS],
      typ: 'at+jwt',
      requiredClaims: ['sub', 'sid', 'exp', 'nbf', 'iat'],
      clockTolerance: CLOCK_TOLERANCE,
    });
    if (typeof payload.sid !== 'string' || !SESSION_ID.test(payload.sid))
      throw new Error('the sid claim is not a session id');
    const claims = { sub: payload.sub!, sid: payload.sid };
    this.verified.set(token, { ...claims, nbf: payload.nbf!, exp: payload.exp! });
    return claims;
  }
}
