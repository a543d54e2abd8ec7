import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { base64url, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { generateSigningJwk, TokenPair } from '@onething/auth';
import { CaseEntity, DepartmentEntity, SecurityEventEntity } from '@onething/persistence';
import {
  exampleApplication,
  comparableHeaders,
  httpCall,
  startTestStack,
  TEST_PASSWORD,
  testSigningJwk,
  TestStack,
} from '@onething/testing';
import { importJWK } from 'jose';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
});
afterAll(async () => {
  await stack.close();
});

type Json = Record<string, any>;
async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; base?: string } = {},
) {
  return httpCall<Json>(options.base ?? stack.baseUrl, method, path, options);
}
// Headers as a record without the per-response ones (date, request id): an unknown account and a wrong
// password must answer alike, to the byte and the header.
const login = async (username: string, password: string, base?: string) => {
  const response = await call('POST', '/auth/login', { body: { username, password }, base });
  return { ...response, headers: comparableHeaders(response.headers) };
};
const events = async (type: string) =>
  stack.dataSource.getRepository(SecurityEventEntity).countBy({ type: type as SecurityEventEntity['type'] });

describe('sign-in', () => {
  it('signs in with username and password, and /me names the caller', async () => {
    const { status, body } = await login('TEST-APPLICANT', TEST_PASSWORD);
    expect(status).toBe(200);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 300 });
    const me = await call('GET', '/me', { token: body.accessToken });
    expect(me).toMatchObject({
      status: 200,
      body: { kind: 'account', id: stack.accounts.applicant.id, roles: ['applicant'], via: 'password' },
    });
  });

  it('answers an unknown account exactly like a wrong password', async () => {
    const unknown = await login('nobody-at-all', 'Whatever-Password-1');
    const wrong = await login('test-auditor', 'Whatever-Password-1');
    expect(unknown).toEqual(wrong);
    expect(unknown).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED', message: 'Invalid username or password', path: '' },
    });
  });
});

describe('refresh tokens', () => {
  it('rotate on each use, and reuse of a spent one revokes the whole family', async () => {
    const first = (await login('test-auditor', TEST_PASSWORD)).body as TokenPair;
    const second = await call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    const reusedBefore = await events('refresh.reused');

    const reuse = await call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(await events('refresh.reused')).toBe(reusedBefore + 1);
    // The legitimate holder's newer token died with its family.
    const third = await call('POST', '/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(third.status).toBe(401);
  });

  it('are revoked by logout', async () => {
    const pair = (await login('test-auditor', TEST_PASSWORD)).body as TokenPair;
    expect((await call('POST', '/auth/logout', { body: { refreshToken: pair.refreshToken } })).status).toBe(
      204,
    );
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: pair.refreshToken } })).status).toBe(
      401,
    );
    // Logging out an unknown token is the same 204: nothing tells whether it existed.
    expect((await call('POST', '/auth/logout', { body: { refreshToken: 'x'.repeat(43) } })).status).toBe(204);
  });
});

describe('access tokens', () => {
  const now = () => Math.floor(Date.now() / 1000);
  async function forge(claims: Json, header: Json = {}, jwk?: JWK): Promise<string> {
    const signing = jwk ?? (await testSigningJwk());
    return new SignJWT(claims)
      .setProtectedHeader({ alg: signing.alg!, kid: signing.kid!, typ: 'at+jwt', ...header })
      .sign(await importJWK(signing, signing.alg));
  }
  // A live session of the administrator: our tokens name the session (refresh-token family) they belong to.
  let sid: string;
  beforeAll(async () => {
    const { accessToken } = await stack.login('administrator');
    sid = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).sid as string;
  });
  const claims = () => ({
    sub: stack.accounts.administrator.id,
    sid,
    iss: 'onething',
    aud: 'onething-api',
    iat: now(),
    nbf: now(),
    exp: now() + 60,
  });

  it('accepts a well-formed token signed with the current key', async () => {
    expect((await call('GET', '/me', { token: await forge(claims()) })).status).toBe(200);
  });

  it.each([
    ['expired', async () => forge({ ...claims(), exp: now() - 60, iat: now() - 400, nbf: now() - 400 })],
    ['not yet valid', async () => forge({ ...claims(), nbf: now() + 600 })],
    ['from another issuer', async () => forge({ ...claims(), iss: 'evil' })],
    ['for another audience', async () => forge({ ...claims(), aud: 'another-api' })],
    [
      'signed by another key under our kid',
      async () => {
        const stranger = await generateSigningJwk();
        return forge(claims(), {}, { ...stranger, kid: (await testSigningJwk()).kid });
      },
    ],
    [
      'tampered with',
      async () => {
        const [head, , signature] = (await forge({ ...claims(), sub: stack.accounts.applicant.id })).split(
          '.',
        );
        return `${head}.${base64url.encode(JSON.stringify(claims()))}.${signature}`;
      },
    ],
    [
      'unsigned (alg none)',
      () => {
        const head = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
        return Promise.resolve(`${head}.${base64url.encode(JSON.stringify(claims()))}.`);
      },
    ],
    ['not a JWT at all', () => Promise.resolve('garbage')],
    ['without a session id', async () => forge({ ...claims(), sid: undefined })],
    ['of a session that does not exist', async () => forge({ ...claims(), sid: randomUUID() })],
  ])('refuses a token %s with 401', async (_name, make) => {
    const response = await call('GET', '/me', { token: await make() });
    expect(response).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED', message: 'Missing, invalid or expired credentials', path: '' },
    });
  });

  it('keeps tokens of the old key valid after rotation, while the new key signs', async () => {
    const old = await testSigningJwk();
    const token = (await stack.login('administrator')).accessToken;
    const next = await generateSigningJwk('EdDSA');
    const rotated = await startTestStack({
      withWorker: false,
      env: { AUTH_SIGNING_KEYS: JSON.stringify({ keys: [next, old] }) },
    });
    try {
      expect((await call('GET', '/me', { token, base: rotated.baseUrl })).status).toBe(200);
      const fresh = (await login('test-administrator', TEST_PASSWORD, rotated.baseUrl)).body as TokenPair;
      const header = JSON.parse(Buffer.from(fresh.accessToken.split('.')[0], 'base64url').toString()) as Json;
      expect(header).toMatchObject({ kid: next.kid, alg: 'EdDSA' });
      const jwks = await call('GET', '/.well-known/jwks.json', { base: rotated.baseUrl });
      expect((jwks.body.keys as Json[]).map((k) => k.kid as string)).toEqual([next.kid, old.kid]);
      expect(JSON.stringify(jwks.body)).not.toContain('"d"');
      expect((await call('GET', '/me', { token: fresh.accessToken, base: rotated.baseUrl })).status).toBe(
        200,
      );
    } finally {
      await rotated.close();
    }
  });
});

describe('the principal behind a token', () => {
  it('follows the account on every request: a department deactivated mid-session drops out at once', async () => {
    const { accessToken } = await stack.login('department_worker');
    const me = () => call('GET', '/me', { token: accessToken });
    expect((await me()).body).toMatchObject({ departments: ['talent-office'] });
    const departments = stack.dataSource.getRepository(DepartmentEntity);
    await departments.update({ code: 'talent-office' }, { active: false });
    try {
      // The same token (already verified once) now carries no department, and the worklist is empty.
      expect((await me()).body).toMatchObject({ departments: [] });
      expect((await call('GET', '/tasks', { token: accessToken })).body).toMatchObject({ items: [], total: 0 });
    } finally {
      await departments.update({ code: 'talent-office' }, { active: true });
    }
    expect((await me()).body).toMatchObject({ departments: ['talent-office'] });
  });
});

describe('abuse', () => {
  it('makes an account wait after repeated failures (known or not), and logs the lockout', async () => {
    const strict = await startTestStack({
      withWorker: false,
      env: { AUTH_ACCOUNT_FREE_FAILURES: '3', AUTH_FAILURE_DELAY_MS: '60000' },
    });
    try {
      // An account of its own: the counts live in PostgreSQL, shared with every other stack of this run.
      const admin = (await stack.login('administrator')).accessToken;
      const created = await call('POST', '/admin/users', {
        token: admin,
        body: { username: 'clerk-lockout', displayName: 'X', password: TEST_PASSWORD, roles: ['applicant'] },
      });
      expect(created.status).toBe(201);
      const lockoutsBefore = await events('lockout');
      for (const username of ['clerk-lockout-typo', 'clerk-lockout']) {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i += 1)
          statuses.push((await login(username, 'Wrong-Password-1', strict.baseUrl)).status);
        expect(statuses).toEqual([401, 401, 401, 401, 429]);
      }
      // Even the right password waits now.
      const locked = await login('clerk-lockout', TEST_PASSWORD, strict.baseUrl);
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('TOO_MANY_REQUESTS');
      expect(await events('lockout')).toBe(lockoutsBefore + 2);
    } finally {
      await strict.close();
    }
  });

  it('limits the login requests of one address per minute', async () => {
    const strict = await startTestStack({ withWorker: false, env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      // The budget is shared by every API instance on this database: start from this minute's zero.
      await stack.dataSource.query(`DELETE FROM throttle_counters WHERE scope = 'requests'`);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1)
        statuses.push((await login(`user-${i}`, 'Wrong-Password-1', strict.baseUrl)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await strict.close();
    }
  });

  it('keeps the security log append-only in the database', async () => {
    await expect(stack.dataSource.query(`UPDATE security_events SET type = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(stack.dataSource.query(`DELETE FROM security_events`)).rejects.toThrow(/append-only/);
    await expect(stack.dataSource.query(`TRUNCATE security_events`)).rejects.toThrow(/append-only/);
  });
});

describe('administration', () => {
  it('creates a user, changes roles (logged), and a deactivated user can no longer sign in', async () => {
    const admin = (await stack.login('administrator')).accessToken;
    const created = await call('POST', '/admin/users', {
      token: admin,
      body: {
        username: 'worker-li',
        displayName: 'Li',
        password: 'Tiger-Lily-4242',
        roles: ['department_worker'],
        departments: ['tax'],
      },
    });
    expect(created).toMatchObject({
      status: 201,
      body: { roles: ['department_worker'], departments: ['tax'] },
    });
    expect((await login('worker-li', 'Tiger-Lily-4242')).status).toBe(200);
    const before = await events('account.roles_changed');
    const changed = await call('PATCH', `/admin/users/${created.body.id}`, {
      token: admin,
      body: { roles: ['department_supervisor'], departments: ['tax', 'hrss'] },
    });
    expect(changed.body).toMatchObject({ roles: ['department_supervisor'], departments: ['hrss', 'tax'] });
    expect(await events('account.roles_changed')).toBe(before + 1);
    await call('PATCH', `/admin/users/${created.body.id}`, { token: admin, body: { active: false } });
    expect((await login('worker-li', 'Tiger-Lily-4242')).status).toBe(401);
    // Usernames are case-insensitive: WORKER-LI is taken.
    const duplicate = await call('POST', '/admin/users', {
      token: admin,
      body: { username: 'WORKER-LI', displayName: 'X', password: 'Tiger-Lily-4242', roles: ['applicant'] },
    });
    expect(duplicate).toMatchObject({ status: 409, body: { code: 'CONFLICT', path: 'username' } });
  });

  it('rejects a weak password with every rule it breaks', async () => {
    const admin = (await stack.login('administrator')).accessToken;
    const response = await call('POST', '/admin/users', {
      token: admin,
      body: { username: 'weakling', displayName: 'W', password: 'weakling1', roles: ['applicant'] },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', path: 'password' });
    expect((response.body.details as Json[]).map((d) => d.message as string)).toEqual([
      expect.stringContaining('too_short'),
      expect.stringContaining('too_simple'),
      expect.stringContaining('contains_username'),
    ]);
  });
});

describe('department credentials', () => {
  it('are shown once, act for their department only, and stop working when rotated or revoked', async () => {
    const admin = (await stack.login('administrator')).accessToken;
    const created = await call('POST', '/admin/departments/talent-office/credentials', {
      token: admin,
      body: { label: 'talent-office system' },
    });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^odc_/);
    const listed = await call('GET', '/admin/departments/talent-office/credentials', { token: admin });
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(-20));
    expect(await call('GET', '/me', { token: secret })).toMatchObject({
      status: 200,
      body: { kind: 'department_system', roles: ['department_system'], departments: ['talent-office'] },
    });

    const applicant = await stack.headers('applicant');
    const submitted = await fetch(`${stack.baseUrl}/cases`, {
      method: 'POST',
      headers: applicant,
      body: JSON.stringify({ definitionKey: 'talent-introduction', application: exampleApplication() }),
    });
    const caseId = ((await submitted.json()) as Json).id as string;
    expect((await call('GET', `/cases/${caseId}`, { token: secret })).status).toBe(200);
    // A department system cannot submit cases or administer anything.
    expect((await call('GET', '/admin/users', { token: secret })).status).toBe(403);

    const taxCredential = await call('POST', '/admin/departments/tax/credentials', {
      token: admin,
      body: { label: 'tax system' },
    });
    expect((await call('GET', `/cases/${caseId}`, { token: taxCredential.body.secret })).status).toBe(404);

    const rotated = await call(
      'POST',
      `/admin/departments/talent-office/credentials/${created.body.id}/rotate`,
      {
        token: admin,
      },
    );
    expect(rotated.status).toBe(200);
    expect((await call('GET', '/me', { token: secret })).status).toBe(401);
    expect((await call('GET', '/me', { token: rotated.body.secret })).status).toBe(200);
    const revoked = await call('DELETE', `/admin/departments/talent-office/credentials/${created.body.id}`, {
      token: admin,
    });
    expect(revoked.status).toBe(204);
    expect((await call('GET', '/me', { token: rotated.body.secret })).status).toBe(401);
    // Under another department's path the credential is not found.
    expect(
      (await call('POST', `/admin/departments/tax/credentials/${created.body.id}/rotate`, { token: admin }))
        .status,
    ).toBe(404);
  });
});

describe('external OpenID Connect provider', () => {
  let jwksServer: Server;
  let providerKey: JWK;
  let oidc: TestStack;
  const issuer = 'https://login.gov.example';

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    providerKey = { ...(await exportJWK(privateKey)), kid: 'gov-1', alg: 'RS256' };
    const publicJwk = { ...(await exportJWK(publicKey)), kid: 'gov-1', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as { port: number };
    oidc = await startTestStack({
      withWorker: false,
      env: {
        OIDC_ISSUER: issuer,
        OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
        OIDC_AUDIENCE: 'onething',
        OIDC_ROLES_CLAIM: 'realm_access.roles',
        OIDC_ROLE_MAP: JSON.stringify({ 'gov-citizen': 'applicant', 'gov-caseworker': 'department_worker' }),
        OIDC_DEPARTMENT_MAP: JSON.stringify({ 'HRSS-01': 'hrss' }),
      },
    });
  });
  afterAll(async () => {
    await oidc.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  async function providerToken(claims: Json, key: JWK = providerKey) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid! })
      .setIssuer(issuer)
      .setAudience('onething')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importJWK(key, 'RS256'));
  }

  it('maps the provider claims to roles and departments', async () => {
    const token = await providerToken({
      sub: 'gov-worker-7',
      preferred_username: 'wang.wu',
      realm_access: { roles: ['gov-caseworker', 'offline_access'] },
      departments: ['HRSS-01', 'no-such-department'],
    });
    expect(await call('GET', '/me', { token, base: oidc.baseUrl })).toMatchObject({
      status: 200,
      body: { username: 'wang.wu', roles: ['department_worker'], departments: ['hrss'], via: 'oidc' },
    });
  });

  it('lets an external applicant submit and read their own case', async () => {
    const token = await providerToken({ sub: 'citizen-1', realm_access: { roles: ['gov-citizen'] } });
    const submitted = await call('POST', '/cases', {
      token,
      base: oidc.baseUrl,
      body: { definitionKey: 'talent-introduction', application: exampleApplication() },
    });
    expect(submitted.status).toBe(201);
    expect((await call('GET', `/cases/${submitted.body.id}`, { token, base: oidc.baseUrl })).status).toBe(
      200,
    );
    const stranger = await providerToken({ sub: 'citizen-2', realm_access: { roles: ['gov-citizen'] } });
    expect(
      (await call('GET', `/cases/${submitted.body.id}`, { token: stranger, base: oidc.baseUrl })).status,
    ).toBe(404);
  });

  it('refuses tokens the provider did not sign, for another audience, or with no mapped role', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const forged = await providerToken(
      { sub: 'x', realm_access: { roles: ['gov-citizen'] } },
      { ...(await exportJWK(privateKey)), kid: 'gov-1', alg: 'RS256' },
    );
    expect((await call('GET', '/me', { token: forged, base: oidc.baseUrl })).status).toBe(401);
    const otherAudience = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'RS256', kid: 'gov-1' })
      .setIssuer(issuer)
      .setAudience('someone-else')
      .setExpirationTime('5m')
      .sign(await importJWK(providerKey, 'RS256'));
    expect((await call('GET', '/me', { token: otherAudience, base: oidc.baseUrl })).status).toBe(401);
    const roleless = await providerToken({ sub: 'y', realm_access: { roles: ['offline_access'] } });
    expect((await call('GET', '/me', { token: roleless, base: oidc.baseUrl })).status).toBe(403);
  });
});

describe('assisted submission (帮办代办)', () => {
  const submission = () => ({ definitionKey: 'talent-introduction', application: exampleApplication() });
  const consent = { method: 'signed_form', reference: 'F-2026-0042' };

  it("records the clerk, the applicant and the applicant's consent; both may then read the case", async () => {
    const clerk = (await stack.login('counter_clerk')).accessToken;
    const submitted = await call('POST', '/cases', {
      token: clerk,
      body: { ...submission(), onBehalfOf: { applicantAccountId: stack.accounts.applicant.id, consent } },
    });
    expect(submitted.status).toBe(201);
    const row = await stack.dataSource
      .getRepository(CaseEntity)
      .findOneByOrFail({ id: submitted.body.id as string });
    expect(row).toMatchObject({
      applicantAccountId: stack.accounts.applicant.id,
      submittedByAccountId: stack.accounts.counter_clerk.id,
      submissionConsent: { ...consent, recordedAt: expect.any(String) },
    });
    const applicant = (await stack.login('applicant')).accessToken;
    expect((await call('GET', `/cases/${row.id}`, { token: applicant })).status).toBe(200);
    expect((await call('GET', `/cases/${row.id}`, { token: clerk })).status).toBe(200);
  });

  it.each([
    ['a clerk without recorded consent', 'counter_clerk', {}, 'onBehalfOf'],
    [
      'a clerk naming an account that is no applicant',
      'counter_clerk',
      { onBehalfOf: { applicantAccountId: '00000000-0000-4000-8000-000000000000', consent } },
      'onBehalfOf.applicantAccountId',
    ],
    [
      'a clerk with an unknown consent method',
      'counter_clerk',
      { onBehalfOf: { consent: { method: 'nod', reference: 'x' } } },
      'onBehalfOf.consent.method',
    ],
    ['an applicant acting for someone else', 'applicant', { onBehalfOf: { consent } }, 'onBehalfOf'],
  ] as const)('refuses %s with 400 and stores nothing', async (_name, role, extra, path) => {
    const before = await stack.dataSource.getRepository(CaseEntity).count();
    const response = await call('POST', '/cases', {
      token: (await stack.login(role)).accessToken,
      body: { ...submission(), ...extra },
    });
    expect(response).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', path } });
    expect(await stack.dataSource.getRepository(CaseEntity).count()).toBe(before);
  });
});
