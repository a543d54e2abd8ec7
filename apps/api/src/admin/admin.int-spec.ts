import { httpCall, startTestStack, TEST_PASSWORD, TestStack } from '@onething/testing';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
});
afterAll(async () => {
  await stack.close();
});

type Json = Record<string, any>;
async function call(method: string, path: string, token: string | undefined, body?: unknown, raw?: string) {
  return httpCall<Json>(stack.baseUrl, method, path, { token, body, raw });
}

const TABLES = [
  'accounts',
  'account_departments',
  'departments',
  'department_credentials',
  'refresh_tokens',
  'security_events',
];
async function counts(): Promise<Record<string, number>> {
  const entries = await Promise.all(
    TABLES.map(async (table) => {
      const [row] = await stack.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
      return [table, row.n] as const;
    }),
  );
  return Object.fromEntries(entries);
}

describe('bad input on the identity endpoints', () => {
  const uuid = '00000000-0000-4000-8000-000000000000';
  const cases: [string, string, string, unknown, string, 'admin' | 'applicant' | 'none'][] = [
    ['login without a username', 'POST', '/auth/login', { password: 'x' }, 'username', 'none'],
    [
      'login with an unknown field',
      'POST',
      '/auth/login',
      { username: 'a', password: 'b', otp: 1 },
      'otp',
      'none',
    ],
    ['refresh without a token', 'POST', '/auth/refresh', {}, 'refreshToken', 'none'],
    ['logout with a number for a token', 'POST', '/auth/logout', { refreshToken: 5 }, 'refreshToken', 'none'],
    [
      'a weak new password',
      'POST',
      '/me/password',
      { currentPassword: TEST_PASSWORD, newPassword: 'short' },
      'newPassword',
      'applicant',
    ],
    [
      'a user with a one-letter name',
      'POST',
      '/admin/users',
      newUser({ username: 'a' }),
      'username',
      'admin',
    ],
    ['a user with an unknown role', 'POST', '/admin/users', newUser({ roles: ['king'] }), 'roles.0', 'admin'],
    [
      'a user in an unknown department',
      'POST',
      '/admin/users',
      newUser({ roles: ['department_worker'], departments: ['atlantis'] }),
      'departments.0',
      'admin',
    ],
    [
      'a worker without a department',
      'POST',
      '/admin/users',
      newUser({ roles: ['department_worker'] }),
      'departments',
      'admin',
    ],
    ['a user id that is not a UUID', 'GET', '/admin/users/42', undefined, 'id', 'admin'],
    ['an empty role list', 'PATCH', `/admin/users/${uuid}`, { roles: [] }, 'roles', 'admin'],
    [
      'a weak reset password',
      'POST',
      `/admin/users/${uuid}/password`,
      { password: 'abc' },
      'password',
      'admin',
    ],
    [
      'a department code with spaces',
      'POST',
      '/admin/departments',
      { code: 'Bad Code', nameZh: '坏', nameEn: 'Bad' },
      'code',
      'admin',
    ],
    [
      'a department patch with text for a flag',
      'PATCH',
      '/admin/departments/tax',
      { active: 'yes' },
      'active',
      'admin',
    ],
    [
      'a department code in upper case',
      'GET',
      '/admin/departments/TAX/credentials',
      undefined,
      'code',
      'admin',
    ],
    [
      'a credential without a label',
      'POST',
      '/admin/departments/tax/credentials',
      { label: '' },
      'label',
      'admin',
    ],
    [
      'a credential id that is not a UUID',
      'POST',
      '/admin/departments/tax/credentials/x/rotate',
      undefined,
      'id',
      'admin',
    ],
    [
      'revoking a credential id that is not a UUID',
      'DELETE',
      '/admin/departments/tax/credentials/x',
      undefined,
      'id',
      'admin',
    ],
    ['a security event limit of 0', 'GET', '/admin/security-events?limit=0', undefined, 'limit', 'admin'],
  ];

  function newUser(overrides: Json): Json {
    return {
      username: 'valid-name',
      displayName: 'Valid',
      password: 'Tiger-Lily-4242',
      roles: ['applicant'],
      ...overrides,
    };
  }

  it.each(cases)(
    'answers 400 {code, message, path} for %s, and writes nothing',
    async (_name, method, path, body, at, as) => {
      const token =
        as === 'none'
          ? undefined
          : (await stack.login(as === 'admin' ? 'administrator' : 'applicant')).accessToken;
      const before = await counts();
      const response = await call(method, path, token, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', path: at });
      expect(typeof response.body.message).toBe('string');
      expect(await counts()).toEqual(before);
    },
  );

  it('answers 400 MALFORMED_JSON for a login body that is not JSON', async () => {
    const before = await counts();
    expect(await call('POST', '/auth/login', undefined, undefined, '{"username": ')).toMatchObject({
      status: 400,
      body: { code: 'MALFORMED_JSON', path: '' },
    });
    expect(await counts()).toEqual(before);
  });
});

describe('logs', () => {
  it('never contain a password, an access or refresh token, or a department secret', async () => {
    const secrets: string[] = [TEST_PASSWORD];
    const first = await stack.login('administrator');
    secrets.push(first.accessToken, first.refreshToken);
    const refreshed = await call('POST', '/auth/refresh', undefined, { refreshToken: first.refreshToken });
    secrets.push(refreshed.body.accessToken as string, refreshed.body.refreshToken as string);
    // A reuse, a logout, failed logins with a password that is nearly right.
    await call('POST', '/auth/refresh', undefined, { refreshToken: first.refreshToken });
    await call('POST', '/auth/logout', undefined, { refreshToken: refreshed.body.refreshToken });
    await call('POST', '/auth/login', undefined, {
      username: 'test-auditor',
      password: 'Nearly-Right-Pass-1',
    });
    secrets.push('Nearly-Right-Pass-1');
    // The reuse revoked the first session, and its access token with it: a new session goes on.
    const admin = await stack.login('administrator');
    secrets.push(admin.accessToken, admin.refreshToken);
    const password = 'Secret-Garden-9876';
    secrets.push(password);
    const created = await call('POST', '/admin/users', admin.accessToken, {
      username: 'log-scan-user',
      displayName: 'Log Scan',
      password,
      roles: ['applicant'],
    });
    expect(created.status).toBe(201);
    const user = await call('POST', '/auth/login', undefined, { username: 'log-scan-user', password });
    secrets.push(user.body.accessToken as string, user.body.refreshToken as string);
    await call('POST', `/admin/users/${created.body.id}/password`, admin.accessToken, {
      password: 'Other-Garden-9876',
    });
    secrets.push('Other-Garden-9876');
    const credential = await call('POST', '/admin/departments/tax/credentials', admin.accessToken, {
      label: 'scan',
    });
    secrets.push(credential.body.secret as string);
    await call('GET', '/me', credential.body.secret as string);
    const rotated = await call(
      'POST',
      `/admin/departments/tax/credentials/${credential.body.id}/rotate`,
      admin.accessToken,
    );
    secrets.push(rotated.body.secret as string);
    await call('GET', '/me', credential.body.secret as string);

    const log = stack.logs.join('\n');
    expect(log).toContain('/auth/login'); // the requests were logged, by route pattern
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(log).not.toContain(secret);
      // The secret half of a department credential on its own, too.
      expect(log).not.toContain(secret.slice(-24));
    }
  });
});
