import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { connect } from 'nats';
import { goIsInstalled } from './temporal-cli';
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
  return join(cacheDir, 'bin', `nats-server-${NATS_SERVER_VERSION}`);
}

function isExecutableFile(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Finds a NATS server: `nats-server` on PATH → the cached build → builds one with Go (about 3 min, once). */
export async function findOrBuildNatsServer(options: FindNatsServerOptions): Promise<string> {
  for (const dir of options.searchPath) {
    const candidate = join(dir, 'nats-server');
    if (dir && isExecutableFile(candidate)) return candidate;
  }
  const cached = cachedNatsServerPath(options.cacheDir);
  if (isExecutableFile(cached)) return cached;
  if (!goIsInstalled())
    throw new Error(
      `No nats-server found (on PATH or ${cached}) and Go is not installed to build one: install ` +
        'nats-server (https://docs.nats.io) and put it on PATH, or install Go 1.23+.',
    );
  await goInstall(NATS_SERVER_MODULE, 'nats-server', cached, options);
  return cached;
}

/** `go install` into a private folder, then one rename into place: a second process never sees half a file. */
async function goInstall(module: string, binary: string, target: string, options: FindNatsServerOptions) {
  const staging = join(options.cacheDir, `build-${binary}-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  mkdirSync(join(options.cacheDir, 'bin'), { recursive: true });
  options.log(
    `Building ${binary} (${module}) into ${options.cacheDir} with Go: first run only, about 3 minutes…`,
  );
  const started = Date.now();
  const ticker = setInterval(
    () => options.log(`  …still building ${binary} (${Math.round((Date.now() - started) / 1000)} s)`),
    15_000,
  );
  try {
    await new Promise<void>((resolveBuild, reject) => {
      const child = spawn('go', ['install', module], {
        env: { ...process.env, CGO_ENABLED: '0', GOBIN: staging, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let tail = '';
      child.stderr.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0
          ? resolveBuild()
          : reject(new Error(`go install ${module} failed (exit ${code}):\n${tail}`)),
      );
    });
    renameSync(join(staging, binary), target);
    options.log(`${binary} built in ${Math.round((Date.now() - started) / 1000)} s.`);
  } finally {
    clearInterval(ticker);
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
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
