import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The one place that builds a tool from the Go module proxy into the user cache (~/.cache/onething/bin)
 * and finds it again: the Temporal CLI, nats-server and the full Temporal server all come this way.
 */
export interface GoBuild {
  /** What the log calls it, e.g. "the Temporal server". */
  label: string;
  /** `module@version` of each binary, built by one `go install`. */
  binaries: { module: string; /** The name `go install` gives it. */ built: string; cachedName: string }[];
  /** How long the first build takes, for the log ("about 3 minutes"). */
  expected: string;
}

export interface GoBuildOptions {
  /** The user cache folder shared by every clone on this machine, e.g. ~/.cache/onething. */
  cacheDir: string;
  log: (message: string) => void;
  /** What to do instead, added to the error when Go is not installed. */
  withoutGo: string;
}

export function isExecutableFile(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

export function goIsInstalled(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore', env: process.env }).status === 0;
}

export function cachedBinaryPath(cacheDir: string, name: string): string {
  return join(cacheDir, 'bin', name);
}

/** The first executable `name` in the given PATH directories. */
export function findOnPath(searchPath: string[], name: string): string | undefined {
  return searchPath.map((dir) => dir && join(dir, name)).find((path) => path && isExecutableFile(path));
}

/** The cached binaries of `build` (in its order), built with Go first when any is missing. */
export async function ensureGoBuild(build: GoBuild, options: GoBuildOptions): Promise<string[]> {
  const targets = build.binaries.map((binary) => cachedBinaryPath(options.cacheDir, binary.cachedName));
  if (targets.every(isExecutableFile)) return targets;
  if (!goIsInstalled())
    throw new Error(
      `${build.label} is not in ${options.cacheDir} and Go is not installed to build it: ${options.withoutGo}`,
    );
  await goInstall(build, options);
  return targets;
}

/** `go install` into a private folder, then one rename per binary: a second process never sees half a file. */
async function goInstall(build: GoBuild, options: GoBuildOptions): Promise<void> {
  const staging = join(options.cacheDir, `build-${process.pid}-${Date.now()}`);
  mkdirSync(staging, { recursive: true });
  mkdirSync(join(options.cacheDir, 'bin'), { recursive: true });
  const modules = build.binaries.map((binary) => binary.module);
  options.log(
    `Building ${build.label} (${modules.join(', ')}) into ${options.cacheDir} with Go: first run only, ${build.expected}…`,
  );
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const ticker = setInterval(() => options.log(`  …still building ${build.label} (${seconds()} s)`), 15_000);
  try {
    await runGoInstall(modules, staging);
    for (const binary of build.binaries)
      renameSync(join(staging, binary.built), cachedBinaryPath(options.cacheDir, binary.cachedName));
    options.log(`${build.label} built in ${seconds()} s.`);
  } finally {
    clearInterval(ticker);
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
}

function runGoInstall(modules: string[], gobin: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', ...modules], {
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`go install ${modules.join(' ')} failed (exit ${code}):\n${tail}`)),
    );
  });
}
