import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { connect } from 'nats';
import { cachedBinaryPath, ensureGoBuild, findOnPath, type GoBuild } from './go-build';
import { stopProcess } from './temporal-dev-server';
import { waitFor } from './ports';

/** The NATS server (with JetStream) the broker adapter is tested against, built from the Go module proxy. */
export const NATS_SERVER_VERSION = 'v2.15.3';
export const NATS_SERVER_MODULE = `github.com/nats-io/nats-server/v2@${NATS_SERVER_VERSION}`;

export interface FindNatsServerOptions {
  /** Directories of PATH. */
  searchPath: string[];
  /** The user cache folder shared by every clone on this machine, e.g. ~/.cache/onething. */
  cacheDir: string;
  log: (message: string) => void;
}

export function cachedNatsServerPath(cacheDir: string): string {
  return cachedBinaryPath(cacheDir, `nats-server-${NATS_SERVER_VERSION}`);
}

/** Finds a NATS server: `nats-server` on PATH → the cached build → builds one with Go (about 3 min, once). */
export async function findOrBuildNatsServer(options: FindNatsServerOptions): Promise<string> {
  const onPath = findOnPath(options.searchPath, 'nats-server');
  if (onPath) return onPath;
  const build: GoBuild = {
    label: 'nats-server',
    binaries: [
      { module: NATS_SERVER_MODULE, built: 'nats-server', cachedName: `nats-server-${NATS_SERVER_VERSION}` },
    ],
    expected: 'about 3 minutes',
  };
  const [server] = await ensureGoBuild(build, {
    ...options,
    withoutGo: 'install nats-server (https://docs.nats.io) and put it on PATH, or install Go 1.23+.',
  });
  return server;
}

export interface NatsServerOptions {
  binary: string;
  host: string;
  /** 0: a free port. */
  port: number;
  /** JetStream's store: a restarted server on the same folder keeps its streams. */
  storeDir: string;
  startTimeoutMs?: number;
}

export interface RunningNatsServer {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host, port: 0 }, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

/** Starts `nats-server -js` on 127.0.0.1 and waits until a client connects. */
export async function startNatsServer(options: NatsServerOptions): Promise<RunningNatsServer> {
  const port = options.port || (await freePort(options.host));
  const storeDir = resolve(options.storeDir);
  mkdirSync(storeDir, { recursive: true });
  const args = ['-js', '-a', options.host, '-p', String(port), '-sd', storeDir];
  const child = spawn(options.binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let exited: string | undefined;
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString()).slice(-4000)));
  child.on(
    'exit',
    (code, signal) => (exited = `nats-server exited (code ${code}, signal ${signal}): ${stderrTail}`),
  );
  child.on('error', (error) => (exited = `could not run ${options.binary}: ${error.message}`));
  const url = `nats://${options.host}:${port}`;
  await waitFor(
    `nats-server at ${url}`,
    async () => {
      const connection = await connect({ servers: url, timeout: 1000, reconnect: false });
      await connection.close();
    },
    { timeoutMs: options.startTimeoutMs ?? 30_000, intervalMs: 100, abort: () => exited },
  ).catch(async (error: unknown) => {
    await stopProcess(child);
    throw error;
  });
  return { url, port, pid: child.pid!, stop: () => stopProcess(child) };
}
