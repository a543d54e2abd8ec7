import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest CLI release whose go.mod `go install` accepts (later ones carry a `replace`). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export interface FindCliOptions {
  /** An explicit CLI (TEMPORAL_CLI). */
  explicit?: string;
  /** Directories of PATH. */
  searchPath: string[];
  /** The user cache folder shared by every clone on this machine, e.g. ~/.cache/onething. */
  cacheDir: string;
  log: (message: string) => void;
}

function isExecutableFile(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

export function cachedCliPath(cacheDir: string): string {
  return join(cacheDir, 'bin', 'temporal');
}

/**
 * Finds a Temporal CLI: TEMPORAL_CLI → `temporal` on PATH → the cached build → builds one with Go.
 * The build is the slow path (minutes on 2 cores), so it reports progress and is shared by every clone.
 */
export async function findOrBuildTemporalCli(options: FindCliOptions): Promise<string> {
  if (options.explicit) {
    if (!isExecutableFile(options.explicit)) {
      throw new Error(`TEMPORAL_CLI=${options.explicit} is not an executable file.`);
    }
    return options.explicit;
  }
  for (const dir of options.searchPath) {
    const candidate = join(dir, 'temporal');
    if (dir && isExecutableFile(candidate)) return candidate;
  }
  const cached = cachedCliPath(options.cacheDir);
  if (isExecutableFile(cached)) return cached;
  await buildTemporalCli(options.cacheDir, options.log);
  return cached;
}

export function goIsInstalled(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

async function buildTemporalCli(cacheDir: string, log: (message: string) => void): Promise<void> {
  if (!goIsInstalled()) {
    throw new Error(
      'No Temporal CLI found (TEMPORAL_CLI, `temporal` on PATH, or ' +
        cachedCliPath(cacheDir) +
        ') and Go is not installed to build one. Either install the Temporal CLI ' +
        '(https://docs.temporal.io/cli) and put it on PATH or set TEMPORAL_CLI, install Go 1.23+ so Onething ' +
        'can build it, or set TEMPORAL_ADDRESS to an existing Temporal server.',
    );
  }
  // Build into a private folder and move the binary into place, so a second process never sees half a file.
  const staging = join(cacheDir, `build-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  mkdirSync(join(cacheDir, 'bin'), { recursive: true });
  log(
    `Building the Temporal CLI (${TEMPORAL_CLI_MODULE}) into ${cacheDir} with Go: first run only, about 2-5 minutes…`,
  );
  const started = Date.now();
  const ticker = setInterval(
    () => log(`  …still building the Temporal CLI (${Math.round((Date.now() - started) / 1000)} s)`),
    15_000,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('go', ['install', TEMPORAL_CLI_MODULE], {
        env: { ...process.env, CGO_ENABLED: '0', GOBIN: staging, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'inherit', 'pipe'],
      });
      let tail = '';
      child.stderr.on('data', (chunk: Buffer) => {
        tail = (tail + chunk.toString()).slice(-4000);
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`go install ${TEMPORAL_CLI_MODULE} failed (exit ${code}):\n${tail}`)),
      );
    });
    renameSync(join(staging, 'temporal'), cachedCliPath(cacheDir));
    log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s.`);
  } finally {
    clearInterval(ticker);
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
}
