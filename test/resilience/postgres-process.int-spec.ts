import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_READ_MARGIN_MS } from '@onething/persistence';
import { startTestStack, TEST_PASSWORD, TestStack, waitUntil } from '@onething/testing';
import { PrivatePostgres, startPrivatePostgres } from './private-postgres';

// Beside the run's shared server (TEST_POSTGRES_PORT), so two runs on one machine do not collide.
const privatePort = Number(process.env.TEST_POSTGRES_PORT ?? '54339') + 100;
const dataDir = join(
  process.env.TEST_DATA_DIR ?? join(__dirname, '..', '..', '.data', 'test'),
  `postgres-faults-${randomUUID()}`,
);
const STATEMENT_TIMEOUT_MS = 2000;
// Scheduling on a busy 2-core machine, on top of the configured limits.
const SLACK_MS = 1500;

let postgres: PrivatePostgres;
let stack: TestStack;

/** The postmaster and every process it forked (backends, checkpointer, WAL writer…). */
function postgresProcesses(): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
  return [postmaster, ...children];
}

function signalAll(pids: number[], signal: NodeJS.Signals) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // A backend that ended meanwhile.
    }
  }
}

beforeAll(async () => {
  // A PostgreSQL of this test's own: the test stops and freezes the real server process.
  postgres = await startPrivatePostgres(dataDir, privatePort);
  stack = await startTestStack({
    withWorker: false,
    env: {
      DATABASE_URL: postgres.url,
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    },
  });
  await stack.headers('applicant');
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(path: string, init: RequestInit = {}) {
  const started = Date.now();
  const response = await fetch(`${stack.baseUrl}${path}`, init);
  const body = (await response.json()) as { code?: string };
  return {
    status: response.status,
    code: body.code,
    retryAfter: response.headers.get('retry-after'),
    elapsedMs: Date.now() - started,
  };
}

const cases = async () => call('/cases', { headers: await stack.headers('applicant') });
const login = () =>
  call('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: stack.accounts.applicant.username, password: TEST_PASSWORD }),
  });
const unavailable = { status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: '5' };

it('answers 503 (not 401, not 500) while the PostgreSQL server is stopped, and recovers when it starts again', async () => {
  expect((await cases()).status).toBe(200);
  await postgres.stop();
  expect(await cases()).toMatchObject(unavailable);
  expect(await login()).toMatchObject(unavailable);

  postgres = await startPrivatePostgres(dataDir, privatePort);
  // The pool drops the connections the shutdown ended as it notices them; nothing is restarted.
  await waitUntil('signed-in requests to succeed again', async () => (await cases()).status === 200);
  expect((await login()).status).toBe(200);
});

it('answers 503 within the statement limit while the PostgreSQL processes are stopped with SIGSTOP', async () => {
  expect((await cases()).status).toBe(200);
  const frozen = postgresProcesses();
  signalAll(frozen, 'SIGSTOP');
  try {
    const signedIn = await cases();
    const atLogin = await login();
    expect(signedIn).toMatchObject(unavailable);
    expect(atLogin).toMatchObject(unavailable);
    const limitMs = STATEMENT_TIMEOUT_MS + CLIENT_READ_MARGIN_MS + SLACK_MS;
    expect(signedIn.elapsedMs).toBeLessThan(limitMs);
    expect(atLogin.elapsedMs).toBeLessThan(limitMs);
    console.log(
      `SIGSTOPped PostgreSQL: a signed-in route answered 503 in ${signedIn.elapsedMs} ms, login in ${atLogin.elapsedMs} ms`,
    );
  } finally {
    signalAll(frozen, 'SIGCONT');
  }
  await waitUntil('signed-in requests to succeed again', async () => (await cases()).status === 200);
  expect((await login()).status).toBe(200);
});
