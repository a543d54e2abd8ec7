import { CLIENT_READ_MARGIN_MS } from '@onething/persistence';
import { startTcpProxy, startTestStack, TcpProxy, TEST_PASSWORD, TestStack } from '@onething/testing';

const CONNECT_TIMEOUT_MS = 1000;
const STATEMENT_TIMEOUT_MS = 2000;
// Scheduling on a busy 2-core machine, on top of the configured limits.
const SLACK_MS = 1500;

let proxy: TcpProxy;
let stack: TestStack;

beforeAll(async () => {
  // The stack reaches the run's shared PostgreSQL through a proxy this test cuts and freezes.
  const shared = new URL(process.env.DATABASE_URL!);
  proxy = await startTcpProxy({ host: shared.hostname, port: Number(shared.port) });
  const viaProxy = new URL(shared);
  viaProxy.port = String(proxy.port);
  stack = await startTestStack({
    withWorker: false,
    env: {
      DATABASE_URL: viaProxy.toString(),
      DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    },
  });
  // Signed in before the outage: these sessions must survive it.
  await stack.headers('applicant');
  await stack.headers('department_worker');
});
afterAll(async () => {
  proxy.thaw();
  await proxy.restore();
  await stack?.close();
  await proxy.cut();
});

async function call(path: string, init: RequestInit = {}) {
  const started = Date.now();
  const response = await fetch(`${stack.baseUrl}${path}`, init);
  const body = (await response.json()) as { code?: string; details?: { code: string }[] };
  return {
    status: response.status,
    body,
    retryAfter: response.headers.get('retry-after'),
    elapsedMs: Date.now() - started,
  };
}

const login = () =>
  call('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: stack.accounts.applicant.username, password: TEST_PASSWORD }),
  });

const unavailable = {
  status: 503,
  retryAfter: '5',
  body: expect.objectContaining({
    code: 'SERVICE_UNAVAILABLE',
    details: [expect.objectContaining({ code: 'DATABASE_UNAVAILABLE' })],
  }),
};

it('answers 503 with Retry-After (never 401) on signed-in routes and at login while PostgreSQL is down, and recovers by itself', async () => {
  expect((await call('/cases', { headers: await stack.headers('applicant') })).status).toBe(200);

  await proxy.cut();
  for (const [path, role] of [
    ['/cases', 'applicant'],
    ['/me/notifications', 'applicant'],
    ['/tasks', 'department_worker'],
  ] as const) {
    expect(await call(path, { headers: await stack.headers(role) })).toMatchObject(unavailable);
  }
  expect(await login()).toMatchObject(unavailable);

  await proxy.restore();
  // The same sessions work again, and signing in too: nothing was restarted.
  expect((await call('/cases', { headers: await stack.headers('applicant') })).status).toBe(200);
  expect((await call('/tasks', { headers: await stack.headers('department_worker') })).status).toBe(200);
  expect((await login()).status).toBe(200);
});

it('answers 503 within the configured time limits while PostgreSQL is frozen, and recovers when it thaws', async () => {
  expect((await call('/cases', { headers: await stack.headers('applicant') })).status).toBe(200);

  proxy.freeze();
  // A pooled connection waits for the statement limit plus the client's margin; a new one for the connect limit.
  const limitMs = STATEMENT_TIMEOUT_MS + CLIENT_READ_MARGIN_MS + SLACK_MS;
  const signedIn = await call('/cases', { headers: await stack.headers('applicant') });
  expect(signedIn).toMatchObject(unavailable);
  expect(signedIn.elapsedMs).toBeLessThan(limitMs);
  const atLogin = await login();
  expect(atLogin).toMatchObject(unavailable);
  expect(atLogin.elapsedMs).toBeLessThan(limitMs);
  console.log(
    `frozen PostgreSQL: a signed-in route answered ${signedIn.status} in ${signedIn.elapsedMs} ms, login ${atLogin.status} in ${atLogin.elapsedMs} ms (limit ${STATEMENT_TIMEOUT_MS} + ${CLIENT_READ_MARGIN_MS} ms)`,
  );

  proxy.thaw();
  expect((await call('/cases', { headers: await stack.headers('applicant') })).status).toBe(200);
  expect((await login()).status).toBe(200);
});
