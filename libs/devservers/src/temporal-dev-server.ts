import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { assertPortFree, waitFor } from './ports';

export interface SearchAttributeDeclaration {
  name: string;
  type: 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';
}

export interface TemporalDevServerOptions {
  cliPath: string;
  host: string;
  port: number;
  httpPort: number;
  metricsPort: number;
  /** The built-in Web UI's port; 0: headless (tests). */
  uiPort?: number;
  /** Where the Web UI decodes payloads (the API's codec server, `<api>/codec`). */
  codecEndpoint?: string;
  /** Folder for the SQLite file store: a restarted server keeps its running cases. */
  dataDir: string;
  namespace: string;
  searchAttributes: SearchAttributeDeclaration[];
  log: (message: string) => void;
  startTimeoutMs?: number;
}

export interface RunningTemporalServer {
  address: string;
  /** The Web UI's address, when it serves one. */
  uiUrl?: string;
  pid: number;
  stop(): Promise<void>;
}

/** The CLI's arguments: explicit ports, a file store, the Web UI (with the codec endpoint) or headless. */
export function devServerArguments(options: TemporalDevServerOptions, dbFile: string): string[] {
  const ui = options.uiPort
    ? [
        '--ui-port',
        String(options.uiPort),
        ...(options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
      ]
    : ['--headless'];
  return [
    'server',
    'start-dev',
    ...ui,
    '--ip',
    options.host,
    '--port',
    String(options.port),
    '--http-port',
    String(options.httpPort),
    '--metrics-port',
    String(options.metricsPort),
    '--namespace',
    options.namespace,
    '--db-filename',
    dbFile,
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--log-level',
    'error',
    ...options.searchAttributes.flatMap((a) => ['--search-attribute', `${a.name}=${a.type}`]),
  ];
}

/**
 * Starts `temporal server start-dev` on explicit ports with a file store (with its Web UI, or headless),
 * and waits until it answers.
 */
export async function startTemporalDevServer(
  options: TemporalDevServerOptions,
): Promise<RunningTemporalServer> {
  await assertPortFree(options.host, options.port, 'TEMPORAL_DEV_PORT');
  await assertPortFree(options.host, options.httpPort, 'TEMPORAL_DEV_HTTP_PORT');
  await assertPortFree(options.host, options.metricsPort, 'TEMPORAL_DEV_METRICS_PORT');
  if (options.uiPort) await assertPortFree(options.host, options.uiPort, 'TEMPORAL_DEV_UI_PORT');
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const args = devServerArguments(options, join(dataDir, 'temporal.sqlite'));
  // Own process group: a terminal's Ctrl-C reaches the launcher, which stops the server in order.
  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let exited: string | undefined;
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  child.on('exit', (code, signal) => {
    exited = `the Temporal dev server exited (code ${code}, signal ${signal}): ${stderrTail.trim()}`;
  });
  child.on('error', (error) => {
    exited = `could not run ${options.cliPath}: ${error.message}`;
  });
  const address = `${options.host}:${options.port}`;
  await waitFor(
    `Temporal dev server at ${address}`,
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
      } finally {
        await connection.close();
      }
    },
    { timeoutMs: options.startTimeoutMs ?? 60_000, intervalMs: 250, abort: () => exited },
  ).catch(async (error: unknown) => {
    await stopProcess(child);
    throw error;
  });
  options.log(`Temporal dev server ready at ${address} (pid ${child.pid}, store ${dataDir})`);
  const uiUrl = options.uiPort ? `http://${options.host}:${options.uiPort}` : undefined;
  return { address, ...(uiUrl ? { uiUrl } : {}), pid: child.pid!, stop: () => stopProcess(child) };
}

/** SIGTERM, then SIGKILL if it has not gone within the grace period. */
export function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
