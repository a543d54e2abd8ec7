import 'reflect-metadata';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { generatePayloadKeyFile } from '@onething/codec';
import { seedDemoIdentityAt } from '@onething/auth';
import {
  API_NODE_FLAGS,
  loadConfigFromProcess,
  WORKER_NODE_FLAGS,
  WORKER_PROCESS_ENV,
} from '@onething/config';
import { ensureLocalServers, stopProcess } from '@onething/devservers';
import { workerPolls, type TaskQueueRef } from '@onething/temporal';

/**
 * `npm start`: everything on one machine. Starts (or connects to) PostgreSQL and Temporal, then the
 * API and the worker as child processes, prints the URLs, and on Ctrl-C stops it all in reverse order
 * so no server process is left behind.
 */
const root = join(__dirname, '..', '..', '..');
const say = (message: string) => console.log(`[onething] ${message}`);

/** The first start builds the web application the API serves at `/` (`npm run build:web` rebuilds it). */
function buildWebAppIfMissing(distDir: string): void {
  if (existsSync(join(distDir, 'index.html')) || !existsSync(join(root, 'apps', 'web', 'index.html'))) return;
  say('Building the web application (once; `npm run build:web` rebuilds it)…');
  const built = spawnSync(
    process.execPath,
    ['-r', join(root, 'tools', 'register.js'), join(root, 'tools', 'web-build.ts')],
    {
      stdio: 'inherit',
    },
  );
  if (built.status !== 0) say('The web application did not build; the API runs without it.');
}

async function main() {
  const config = loadConfigFromProcess();
  say('Starting PostgreSQL and Temporal…');
  const servers = await ensureLocalServers(config, say);
  const children: ChildProcess[] = [];
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('Stopping…');
    // API first (no new cases), then the worker (finishes in-flight tasks), then the servers.
    for (const child of [...children].reverse()) await stopProcess(child, 15_000);
    await servers.stop();
    say('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const env = {
    ...process.env,
    DATABASE_URL: servers.databaseUrl,
    TEMPORAL_ADDRESS: servers.temporalAddress,
    PAYLOAD_ENCRYPTION_KEYS: config.temporal.payloadKeys ?? localPayloadKeys(config.dataDir),
    // The operations view links each case to the local Web UI this launcher started, unless told otherwise.
    ...(servers.temporalUiUrl && !process.env.TEMPORAL_WEB_UI_URL
      ? { TEMPORAL_WEB_UI_URL: servers.temporalUiUrl }
      : {}),
  };
  const run = (
    name: string,
    entry: string,
    nodeFlags: readonly string[] = [],
    processEnv: Readonly<Record<string, string>> = {},
  ) => {
    // Own process group: Ctrl-C reaches only this launcher, which stops the children in order.
    const args = [...nodeFlags, '-r', join(root, 'tools', 'register.js'), join(root, entry)];
    const child = spawn(process.execPath, args, {
      // A process-level setting already in this launcher's environment is kept.
      env: { ...processEnv, ...env },
      stdio: 'inherit',
      detached: true,
    });
    child.on('exit', (code, signal) => {
      if (!stopping) {
        say(`${name} exited unexpectedly (code ${code}, signal ${signal}); stopping everything.`);
        void shutdown(1);
      }
    });
    children.push(child);
    return child;
  };
  buildWebAppIfMissing(config.web.distDir);
  // The simulated department systems first: the worker's auto steps call them.
  run('departments-sim', 'apps/departments-sim/src/main.ts');
  const workerStartedAt = Date.now();
  run('worker', 'apps/worker/src/main.ts', WORKER_NODE_FLAGS, WORKER_PROCESS_ENV);
  run('api', 'apps/api/src/main.ts', API_NODE_FLAGS);

  const apiUrl = `http://${config.api.host}:${config.api.port}`;
  try {
    await waitForHealth(`${apiUrl}/health`, () => stopping);
    // A healthy API could take a case no worker would run yet: ready means the worker polls too.
    await waitForWorker(servers.temporalAddress, config.temporal, workerStartedAt, () => stopping);
  } catch (error) {
    say((error as Error).message);
    return shutdown(1);
  }
  if (stopping) return;
  // Demo people exist only in development, each start with a fresh password (never a well-known one).
  const logins =
    config.env === 'development'
      ? await seedDemoIdentityAt({ url: servers.databaseUrl, schema: config.database.schema })
      : [];
  say('Ready.');
  if (existsSync(join(config.web.distDir, 'index.html')))
    say(`  Web app:      ${apiUrl}/  (sign in with a demo login below)`);
  say(`  API:          ${apiUrl}  (POST /cases, GET /cases/:id, GET /health)`);
  say(`  Departments:  ${config.connectors.baseUrl}  (simulated; see apps/departments-sim/README.md)`);
  say(
    `  Temporal:     ${servers.temporalAddress}  (temporal workflow list --address ${servers.temporalAddress})`,
  );
  if (servers.temporalUiUrl)
    say(
      `  Temporal UI:  ${servers.temporalUiUrl}  (payloads decoded by ${apiUrl}/codec for administrators and auditors)`,
    );
  say(
    `  Metrics:      ${apiUrl}/metrics, http://${config.observability.worker.host}:${config.observability.worker.port}/metrics  (this machine only unless METRICS_TOKEN is set)`,
  );
  say(`  PostgreSQL:   ${servers.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`);
  if (logins.length > 0) {
    say(
      `  Demo logins (development only; POST ${apiUrl}/auth/login), password for all: ${logins[0].password}`,
    );
    for (const login of logins)
      say(
        `    ${login.username.padEnd(28)} ${login.role}${login.departments.length ? ` (${login.departments.join(', ')})` : ''}`,
      );
  }
  say('Press Ctrl-C to stop.');
}

async function waitForHealth(url: string, stopped: () => boolean): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!stopped() && Date.now() < deadline) {
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  if (!stopped()) throw new Error(`${url} did not become healthy within 2 minutes`);
}

/** Waits until this start's worker polls its task queue (see `workerPolls`). */
async function waitForWorker(
  address: string,
  queue: TaskQueueRef,
  startedAt: number,
  stopped: () => boolean,
): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const deadline = Date.now() + 300_000;
    while (!stopped() && Date.now() < deadline) {
      if (await workerPolls(connection, queue, startedAt)) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    if (!stopped()) throw new Error(`no worker polled task queue ${queue.taskQueue} within 5 minutes`);
  } finally {
    await connection.close();
  }
}

/**
 * A payload key of this machine's own, kept beside the embedded servers' data so a restart can still
 * read the histories it wrote. Real deployments set PAYLOAD_ENCRYPTION_KEYS.
 */
function localPayloadKeys(dataDir: string): string {
  const file = resolve(dataDir, 'payload-keys.json');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(generatePayloadKeyFile(), null, 2), { mode: 0o600 });
  }
  return file;
}

main().catch((error: unknown) => {
  console.error(`[onething] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
