import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import { AuthError, AuthErrorCode } from '@onething/errors';
import { ApiErrorCode, classify } from '@onething/http';
import { AccessTokens } from './access-tokens';
import { Authenticator } from './authenticator';
import { generateSigningJwk, KeyStore } from './keys';
import { OidcVerifier } from './oidc';

const PROVIDER = 'https://provider.example';

/** A provider's JWKS endpoint publishing one key; `port` is free again once it is closed. */
async function jwksServer(publicJwk: object): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [{ ...publicJwk, alg: 'ES256', kid: 'provider-key' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks` };
}

async function providerToken(
  key: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'],
): Promise<string> {
  return new SignJWT({ roles: ['applicant'] })
    .setProtectedHeader({ alg: 'ES256', kid: 'provider-key' })
    .setIssuer(PROVIDER)
    .setSubject('person-1')
    .setExpirationTime('5m')
    .sign(key);
}

async function authenticatorFor(jwksUrl: string): Promise<Authenticator> {
  const keys = await KeyStore.fromJwks({ keys: [await generateSigningJwk()] });
  const config = { issuer: 'onething', audience: 'onething-api', accessTokenTtlSeconds: 300 };
  // The credential is judged before any account is read: this database is never reached.
  const neverReached = new DataSource({ type: 'postgres' });
  return new Authenticator(
    neverReached,
    new AccessTokens(keys, config),
    'onething',
    new OidcVerifier({
      issuer: PROVIDER,
      jwksUrl,
      rolesClaim: 'roles',
      departmentsClaim: 'departments',
      usernameClaim: 'preferred_username',
    }),
  );
}

async function failureOf(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('Authenticator', () => {
  it("refuses (401) a provider token signed with a key the provider's JWKS does not hold", async () => {
    const provider = await generateKeyPair('ES256');
    const impostor = await generateKeyPair('ES256');
    const { server, url } = await jwksServer(await exportJWK(provider.publicKey));
    try {
      const authenticator = await authenticatorFor(url);
      const failure = await failureOf(
        authenticator.authenticate(`Bearer ${await providerToken(impostor.privateKey)}`),
      );
      expect(failure.code).toBe(AuthErrorCode.CredentialRefused);
      expect(classify(failure).code).toBe(ApiErrorCode.Unauthenticated);
    } finally {
      server.close();
    }
  });

  it("answers 503 (not 401) while the provider's JWKS cannot be reached: the token may be fine", async () => {
    const provider = await generateKeyPair('ES256');
    const { server, url } = await jwksServer(await exportJWK(provider.publicKey));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const authenticator = await authenticatorFor(url);
    const failure = await failureOf(
      authenticator.authenticate(`Bearer ${await providerToken(provider.privateKey)}`),
    );
    expect(failure.code).toBe(AuthErrorCode.IdentityProviderUnavailable);
    expect(classify(failure)).toMatchObject({
      code: ApiErrorCode.ServiceUnavailable,
      retryAfterSeconds: 5,
      details: [{ code: 'IDENTITY_PROVIDER_UNAVAILABLE' }],
    });
  });
});
