import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * The README's first command as a newcomer runs it: `npm start` brings up PostgreSQL, Temporal (with its
 * Web UI), the simulated departments, the worker and the API on its own ports, says `Ready.` with the URLs
 * and a demo login per role, serves the web application, lets a demo applicant sign in and read the
 * catalog, and stops everything on Ctrl-C. Its own servers, next to the suite's.
 */

jest.setTimeout(300_000);

/** A port nothing listens on now (the kernel's choice), for one of the launcher's servers. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const PORT_VARIABLES = [
  'API_PORT',
  'DEPARTMENTS_SIM_PORT',
  'EMBEDDED_POSTGRES_PORT',
  'TEMPORAL_DEV_PORT',
  'TEMPORAL_DEV_HTTP_PORT',
  'TEMPORAL_DEV_METRICS_PORT',
  'TEMPORAL_DEV_UI_PORT',
  'WORKER_HTTP_PORT',
  'WORKER_SDK_METRICS_PORT',
] as const;

let launcher: ChildProcess;
let output = '';
let ports: Record<(typeof PORT_VARIABLES)[number], number>;
const dataDir = mkdtempSync(join(process.env.TEST_DATA_DIR ?? join(__dirname, '..', '.data'), 'npm-start-'));

/** Resolves when the launcher has printed `text`; fails with its output if it exits first. */
function printed(text: string | RegExp, timeoutMs = 240_000): Promise<void> {
  const seen = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "${String(text)}" within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const check = () => {
      if (seen()) {
        clearTimeout(timer);
        resolve();
      } else if (launcher.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`npm start exited (${launcher.exitCode}) before "${String(text)}":\n${output}`));
      } else setTimeout(check, 200);
    };
    check();
  });
}

beforeAll(async () => {
  chmodSync(dataDir, 0o711); // as root, the embedded PostgreSQL runs as "postgres" and must reach it
  const chosen: number[] = [];
  for (const _ of PORT_VARIABLES) {
    let port = await freePort();
    while (chosen.includes(port)) port = await freePort();
    chosen.push(port);
  }
  ports = Object.fromEntries(PORT_VARIABLES.map((name, i) => [name, chosen[i]])) as typeof ports;
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development' };
  // The suite's own servers are named by these; the launcher must start its own.
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  // As a newcomer runs it: the worker bundles the workflows itself (the suite's prebuilt bundle hid that
  // the bundling outgrew the worker's heap cap).
  delete env.TEMPORAL_WORKFLOW_BUNDLE;
  for (const [name, port] of Object.entries(ports)) env[name] = String(port);
  launcher = spawn('npm', ['start'], { cwd: join(__dirname, '..'), env, detached: true });
  launcher.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  launcher.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await printed('Press Ctrl-C to stop.');
});

afterAll(async () => {
  if (launcher.exitCode === null && launcher.signalCode === null && launcher.pid) {
    process.kill(-launcher.pid, 'SIGKILL');
    await new Promise((resolve) => launcher.once('exit', resolve));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

it('prints the URLs and a demo login per role when ready', () => {
  const api = `http://127.0.0.1:${ports.API_PORT}`;
  expect(output).toContain('Ready.');
  expect(output).toContain(`Web app:      ${api}/`);
  expect(output).toContain(`Temporal UI:  http://127.0.0.1:${ports.TEMPORAL_DEV_UI_PORT}`);
  for (const role of ['applicant', 'department_worker', 'administrator'])
    expect(output).toMatch(new RegExp(`demo-\\S+\\s+${role}`));
});

it('serves the web application and lets the demo applicant sign in and read the catalog', async () => {
  const api = `http://127.0.0.1:${ports.API_PORT}`;
  const page = await fetch(`${api}/`, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');
  const password = /password for all: (\S+)/.exec(output)?.[1];
  const username = /(demo-applicant\S*)\s+applicant/.exec(output)?.[1];
  expect(password && username).toBeTruthy();
  const login = await fetch(`${api}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(login.status).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const catalog = await fetch(`${api}/catalog`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(catalog.status).toBe(200);
  expect(((await catalog.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
});

it('stops everything on Ctrl-C', async () => {
  process.kill(-launcher.pid!, 'SIGINT'); // as Ctrl-C does: the terminal's foreground group
  const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    launcher.once('exit', (code, signal) => resolve({ code, signal })),
  );
  expect(output).toContain('Stopped.');
  // The launcher stops cleanly (0); npm, interrupted too, either passes that on or ends by the signal.
  expect(exit.code === 0 || exit.signal === 'SIGINT').toBe(true);
  const api = await fetch(`http://127.0.0.1:${ports.API_PORT}/health`).catch(() => 'down');
  expect(api).toBe('down');
});
