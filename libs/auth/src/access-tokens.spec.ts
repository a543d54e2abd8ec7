import { base64url, SignJWT } from 'jose';
import { AccessTokens } from './access-tokens';
import { generateSigningJwk, KeyStore } from './keys';

const config = { issuer: 'onething', audience: 'onething-api', accessTokenTtlSeconds: 300 };
const FAMILY = '0b6f4c1e-5d3a-4c1b-9e8f-2a7d6c5b4a39';
const now = () => Math.floor(Date.now() / 1000);

async function setup() {
  const jwk = await generateSigningJwk();
  const keys = await KeyStore.fromJwks({ keys: [jwk] });
  return { jwk, keys, tokens: new AccessTokens(keys, config) };
}

/** A token signed with the real key but with chosen claims and header. */
async function forge(keys: KeyStore, claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: keys.signing.alg, kid: keys.signing.kid, typ: 'at+jwt', ...header })
    .sign(keys.signing.key);
}
const valid = () => ({
  sub: 'a',
  sid: FAMILY,
  iss: 'onething',
  aud: 'onething-api',
  iat: now(),
  nbf: now(),
  exp: now() + 60,
});

describe('access tokens', () => {
  it('verify what they sign, with the key id in the header', async () => {
    const { tokens, keys } = await setup();
    const token = await tokens.sign({ sub: 'account-1', sid: FAMILY, roles: ['applicant'] });
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { kid: string };
    expect(header.kid).toBe(keys.signing.kid);
    await expect(tokens.verify(token)).resolves.toEqual({ sub: 'account-1', sid: FAMILY });
  });

  it.each([
    ['expired', { exp: now() - 60 }],
    ['not yet valid', { nbf: now() + 600 }],
    ['from another issuer', { iss: 'someone-else' }],
    ['for another audience', { aud: 'another-api' }],
    ['without a subject', { sub: undefined }],
    ['without a session (no family to check for revocation)', { sid: undefined }],
    ['with a session id that is not a string', { sid: 42 }],
    ['with a session id that is not a UUID', { sid: 'family-1' }],
  ])('refuse a token that is %s', async (_name, override) => {
    const { tokens, keys } = await setup();
    await expect(tokens.verify(await forge(keys, { ...valid(), ...override }))).rejects.toThrow();
  });

  it('refuse a tampered token and one signed by a key they do not know', async () => {
    const { tokens, keys } = await setup();
    const token = await forge(keys, valid());
    const [head, , signature] = token.split('.');
    const tampered = `${head}.${base64url.encode(JSON.stringify({ ...valid(), sub: 'admin' }))}.${signature}`;
    await expect(tokens.verify(tampered)).rejects.toThrow();
    const stranger = await setup();
    const foreign = await forge(stranger.keys, valid(), { kid: keys.signing.kid });
    await expect(tokens.verify(foreign)).rejects.toThrow();
  });

  it('remember a verified token only until it expires, and only for the same bytes', async () => {
    const { tokens, keys } = await setup();
    const token = await forge(keys, { ...valid(), exp: now() + 30 });
    await expect(tokens.verify(token)).resolves.toEqual({ sub: 'a', sid: FAMILY });
    // Verified once: a copy with a tampered payload and the same signature is still checked, and refused.
    const [head, , signature] = token.split('.');
    const tampered = `${head}.${base64url.encode(JSON.stringify({ ...valid(), sub: 'admin' }))}.${signature}`;
    await expect(tokens.verify(tampered)).rejects.toThrow();
    await expect(tokens.verify(token)).resolves.toEqual({ sub: 'a', sid: FAMILY });
    // Past its expiry (and the clock tolerance) the remembered token is refused like any other.
    const later = (now() + 36) * 1000;
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: later });
    try {
      await expect(tokens.verify(token)).rejects.toThrow();
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuse alg none', async () => {
    const { tokens, keys } = await setup();
    const head = base64url.encode(JSON.stringify({ alg: 'none', kid: keys.signing.kid, typ: 'at+jwt' }));
    await expect(tokens.verify(`${head}.${base64url.encode(JSON.stringify(valid()))}.`)).rejects.toThrow();
  });

  it('keep verifying tokens of a rotated-out key while it stays listed, and sign with the new one', async () => {
    const old = await setup();
    const token = await old.tokens.sign({ sub: 'account-1', sid: FAMILY, roles: [] });
    const next = await generateSigningJwk('EdDSA');
    const rotated = await KeyStore.fromJwks({ keys: [next, old.jwk] });
    const tokens = new AccessTokens(rotated, config);
    await expect(tokens.verify(token)).resolves.toEqual({ sub: 'account-1', sid: FAMILY });
    expect(rotated.signing.kid).toBe(next.kid);
    await expect(tokens.verify(await tokens.sign({ sub: 'b', sid: FAMILY, roles: [] }))).resolves.toEqual({
      sub: 'b',
      sid: FAMILY,
    });
    // Dropped from the list: its tokens stop verifying.
    const dropped = new AccessTokens(await KeyStore.fromJwks({ keys: [next] }), config);
    await expect(dropped.verify(token)).rejects.toThrow();
  });

  it('publish only public key material', async () => {
    const { keys } = await setup();
    expect(keys.publicJwks.keys[0]).not.toHaveProperty('d');
    expect(keys.publicJwks.keys[0]).toMatchObject({ kid: keys.signing.kid, alg: 'ES256', use: 'sig' });
  });

  it('refuse a key list without kids or algorithms, or whose first key is public', async () => {
    const jwk = await generateSigningJwk();
    await expect(KeyStore.fromJwks({ keys: [{ ...jwk, kid: undefined }] })).rejects.toThrow(/kid/);
    await expect(KeyStore.fromJwks({ keys: [{ ...jwk, alg: 'HS256' }] })).rejects.toThrow(/alg/);
    await expect(KeyStore.fromJwks({ keys: [{ ...jwk, d: undefined }] })).rejects.toThrow(/private/);
    await expect(KeyStore.load({}, 'production')).rejects.toThrow(/required in production/);
  });
});
