import { randomUUID } from 'node:crypto';
import { SecurityEventEntity } from '@onething/persistence';
import { comparableHeaders, httpCall, startTestStack, TestStack } from '@onething/testing';

// Two API instances on one database, as two replicas would run: every count is shared. The account may
// fail 3 times for free; the 4th failure makes it wait a minute (longer than any of these tests).
let first: TestStack;
let second: TestStack;
const strict = { AUTH_ACCOUNT_FREE_FAILURES: '3', AUTH_FAILURE_DELAY_MS: '60000' };

beforeAll(async () => {
  first = await startTestStack({ withWorker: false, env: strict });
  second = await startTestStack({ withWorker: false, env: strict });
});
afterAll(async () => {
  await first?.close();
  await second?.close();
});

const PASSWORD = 'Tiger-Lily-4242';

type Json = Record<string, any>;
async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  const response = await httpCall<Json>(base, method, path, { body, token });
  // Headers as a record without the per-response ones (date, request id), so two answers compare.
  return {
    ...response,
    headers: comparableHeaders(response.headers),
    retryAfter: response.headers.get('retry-after'),
  };
}
const login = (base: string, username: string, password: string) =>
  call(base, 'POST', '/auth/login', { username, password });

/** A fresh applicant account of its own for each test, so no test's lockout touches another's. */
async function newAccount(username: string): Promise<string> {
  const admin = (await first.login('administrator')).accessToken;
  const created = await call(
    first.baseUrl,
    'POST',
    '/admin/users',
    { username, displayName: 'Throttle test', password: PASSWORD, roles: ['applicant'] },
    admin,
  );
  expect(created.status).toBe(201);
  return created.body.id as string;
}
const eventsOf = (accountId: string, type: SecurityEventEntity['type']) =>
  first.dataSource.getRepository(SecurityEventEntity).countBy({ accountId, type });

describe('login throttle', () => {
  it('counts every spelling of one name (upper case, full-width, spaces, dotted İ) against one account', async () => {
    const id = await newAccount('ivy-throttle');
    const variants = ['IVY-THROTTLE', 'ｉｖｙ－ｔｈｒｏｔｔｌｅ', 'ivy-throttle  ', 'İvy-throttle'];
    const statuses: number[] = [];
    for (const variant of variants)
      statuses.push((await login(first.baseUrl, variant, 'Wrong-Password-1')).status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    // The 4th failure started the wait: even the right password, in the plain spelling, waits now.
    const locked = await login(first.baseUrl, 'ivy-throttle', PASSWORD);
    expect(locked).toMatchObject({ status: 429, body: { code: 'TOO_MANY_REQUESTS' } });
    expect(Number(locked.retryAfter)).toBeGreaterThan(50);
    expect(Number(locked.retryAfter)).toBeLessThanOrEqual(60);
    expect(await eventsOf(id, 'login.failed')).toBe(4);
    expect(await eventsOf(id, 'lockout')).toBe(1);
  });

  it('signs in with a full-width or padded spelling, but never with a name outside the alphabet', async () => {
    await newAccount('iris-signin');
    expect((await login(first.baseUrl, 'ＩＲＩＳ－ＳＩＧＮＩＮ', PASSWORD)).status).toBe(200);
    expect((await login(first.baseUrl, ' iris-signin ', PASSWORD)).status).toBe(200);
    // PostgreSQL's lower() folds İ to i, so this name used to reach the account: the alphabet refuses it,
    // with the answer of a wrong password.
    const dotted = await login(first.baseUrl, 'İris-signin', PASSWORD);
    const unknown = await login(first.baseUrl, `nobody-${randomUUID().slice(0, 8)}`, PASSWORD);
    expect(dotted).toEqual(unknown);
    expect(dotted).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('shares the counts between API instances, for known and unknown names alike', async () => {
    await newAccount('rose-replicas');
    const unknown = `nobody-${randomUUID().slice(0, 8)}`;
    for (const username of ['rose-replicas', unknown]) {
      const statuses: number[] = [];
      // Alternating instances: each alone has seen only two failures.
      for (const base of [first.baseUrl, second.baseUrl, first.baseUrl, second.baseUrl, first.baseUrl])
        statuses.push((await login(base, username, 'Wrong-Password-1')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      expect((await login(second.baseUrl, username, PASSWORD)).status).toBe(429);
    }
  });

  it('counts concurrent failures on both instances exactly once each (atomic upserts)', async () => {
    const id = await newAccount('oak-concurrent');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        login(i % 2 ? second.baseUrl : first.baseUrl, 'oak-concurrent', 'Wrong-Password-1'),
      ),
    );
    const failed = answers.filter((a) => a.status === 401).length;
    expect(failed + answers.filter((a) => a.status === 429).length).toBe(12);
    const [row]: { hits: number }[] = await first.dataSource.query(
      `SELECT hits FROM throttle_counters WHERE scope = 'account' AND key = $1`,
      [`id:${id}`],
    );
    // Every password that was checked and failed is counted: none lost to a race between replicas.
    expect(row.hits).toBe(failed);
    expect(await eventsOf(id, 'login.failed')).toBe(failed);
  });

  it('keeps its counts in PostgreSQL, with no typed name in the table', async () => {
    const rows: { scope: string; key: string }[] = await first.dataSource.query(
      `SELECT scope, key FROM throttle_counters`,
    );
    expect(rows.map((r) => r.scope)).toEqual(expect.arrayContaining(['account', 'address', 'requests']));
    // A typed name is kept only as its keyed hash (43 base64url characters, which may spell "ivy" by
    // chance: the typed names are looked for whole); an account by its id.
    const names = rows.filter((r) => r.key.startsWith('name:')).map((r) => r.key);
    expect(names.length).toBeGreaterThan(0);
    for (const key of names) expect(key).toMatch(/^name:[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(rows)).not.toMatch(/ivy-throttle|rose-replicas|nobody-/i);
  });
});

describe('own password change', () => {
  it('is throttled per account with 429 and Retry-After, each failure and the lockout in the security log', async () => {
    const id = await newAccount('lily-password');
    const { accessToken } = (await login(first.baseUrl, 'lily-password', PASSWORD)).body as {
      accessToken: string;
    };
    const wrong = { currentPassword: 'Not-My-Pass-1', newPassword: 'Violet-Rose-9876' };
    const answers = [];
    // 40 quick tries, spread over both instances: only the free failures and the one that starts the
    // wait are checked at all.
    for (let i = 0; i < 40; i += 1)
      answers.push(
        await call(i % 2 ? second.baseUrl : first.baseUrl, 'POST', '/me/password', wrong, accessToken),
      );
    expect(answers.slice(0, 4).map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(answers[0].body).toMatchObject({ code: 'VALIDATION_FAILED', path: 'currentPassword' });
    expect(answers.slice(4).every((a) => a.status === 429 && Number(a.retryAfter) > 0)).toBe(true);
    expect(await eventsOf(id, 'password.change_failed')).toBe(4);
    expect(await eventsOf(id, 'lockout')).toBe(1);
    expect(await eventsOf(id, 'password.change_throttled')).toBe(36);
    // Even the right current password waits now, and the password did not change.
    const right = await call(
      first.baseUrl,
      'POST',
      '/me/password',
      { currentPassword: PASSWORD, newPassword: 'Violet-Rose-9876' },
      accessToken,
    );
    expect(right.status).toBe(429);
    expect((await login(second.baseUrl, 'lily-password', PASSWORD)).status).toBe(200);
  });
});

describe('access tokens', () => {
  const me = (token: string, base = first.baseUrl) => call(base, 'GET', '/me', undefined, token);

  it('are refused at once after logout, on every instance', async () => {
    await newAccount('fern-logout');
    const pair = (await login(first.baseUrl, 'fern-logout', PASSWORD)).body;
    const other = (await login(first.baseUrl, 'fern-logout', PASSWORD)).body;
    expect((await me(pair.accessToken)).status).toBe(200);
    expect(
      (await call(second.baseUrl, 'POST', '/auth/logout', { refreshToken: pair.refreshToken })).status,
    ).toBe(204);
    expect((await me(pair.accessToken)).status).toBe(401);
    expect((await me(pair.accessToken, second.baseUrl)).status).toBe(401);
    // Another session of the same person is not affected.
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('are refused at once when a spent refresh token comes back and revokes the family', async () => {
    await newAccount('moss-reuse');
    const pair = (await login(first.baseUrl, 'moss-reuse', PASSWORD)).body;
    const rotated = (await call(first.baseUrl, 'POST', '/auth/refresh', { refreshToken: pair.refreshToken }))
      .body;
    expect((await me(rotated.accessToken)).status).toBe(200);
    const reuse = await call(second.baseUrl, 'POST', '/auth/refresh', { refreshToken: pair.refreshToken });
    expect(reuse.status).toBe(401);
    expect((await me(rotated.accessToken)).status).toBe(401);
    expect((await me(pair.accessToken)).status).toBe(401);
  });

  it('are refused at once after the account is deactivated, and after a password change', async () => {
    const id = await newAccount('sage-deactivate');
    const pair = (await login(first.baseUrl, 'sage-deactivate', PASSWORD)).body;
    expect((await me(pair.accessToken)).status).toBe(200);
    const admin = (await first.login('administrator')).accessToken;
    expect((await call(second.baseUrl, 'PATCH', `/admin/users/${id}`, { active: false }, admin)).status).toBe(
      200,
    );
    expect((await me(pair.accessToken)).status).toBe(401);

    await newAccount('thyme-password');
    const session = (await login(first.baseUrl, 'thyme-password', PASSWORD)).body;
    const changed = await call(
      first.baseUrl,
      'POST',
      '/me/password',
      { currentPassword: PASSWORD, newPassword: 'Violet-Rose-9876' },
      session.accessToken,
    );
    expect(changed.status).toBe(204);
    expect((await me(session.accessToken)).status).toBe(401);
    expect((await login(first.baseUrl, 'thyme-password', 'Violet-Rose-9876')).status).toBe(200);
  });
});
