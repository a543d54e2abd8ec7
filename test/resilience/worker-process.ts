import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The real worker entry point (`apps/worker/src/main.ts`) as its own process, so a test can SIGKILL it. */
export function spawnWorkerProcess(env: Record<string, string>): ChildProcess & { output: string[] } {
  const child = spawn(
    process.execPath,
    ['-r', join(root, 'tools', 'register.js'), join(root, 'apps', 'worker', 'src', 'main.ts')],
    {
      env: { ...process.env, LOG_LEVEL: 'info', OUTBOX_RELAY_INTERVAL_MS: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout?.on('data', (chunk: Buffer) => child.output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => child.output.push(chunk.toString()));
  return child;
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
