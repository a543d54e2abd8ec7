import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WORKER_NODE_FLAGS, WORKER_PROCESS_ENV } from '@onething/config';
import { bundleWorkflows } from '@onething/temporal';
import type { WorkerStats, WorkerVariant } from '../worker';
import { workerNodeArgs } from './process-stats';

const root = resolve(__dirname, '..', '..');

/** A worker process forked from bench/worker.ts, with its CPU and RSS figures over IPC. */
export interface BenchWorkerProcess {
  pid: number;
  /** CPU time so far, RSS now, and the peak and mean RSS since the previous call (asked one at a time). */
  stats(): Promise<WorkerStats>;
  stop(): Promise<void>;
  /** How the process ended (`exit code 1`, `signal SIGKILL`) once it has; undefined while it runs. */
  exitStatus(): string | undefined;
}

/** Writes the product's case workflow bundle (as `bundleWorkflows()` builds it) to `path`. */
export async function writeInterpreterBundle(path: string, say: (message: string) => void): Promise<void> {
  writeFileSync(path, (await bundleWorkflows(quietBundlerLogger(say))).code);
}

/**
 * Forks `bench/worker.ts <variant>` with `env` (which names its task queue, servers and bundle) and
 * resolves once its Temporal worker runs. The worker stops when this process goes away.
 */
export async function startBenchWorker(
  variant: WorkerVariant,
  env: Record<string, string | undefined>,
  /** What messages call it (default: the variant). */
  name: string = variant,
): Promise<BenchWorkerProcess> {
  const child = fork(join(root, 'bench', 'worker.ts'), [variant], {
    // As deployed (the worker's own options and allocator setting); BENCH_WORKER_NODE_ARGS come after
    // them, so a V8 option given there wins, and MALLOC_ARENA_MAX set in the environment is kept.
    execArgv: [...WORKER_NODE_FLAGS, ...workerNodeArgs(), '-r', join(root, 'tools', 'register.js')],
    env: { ...WORKER_PROCESS_ENV, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exitStatus: string | undefined;
  const exited = new Promise<void>((resolveExit) =>
    child.once('exit', (code, signal) => {
      exitStatus = signal ? `signal ${signal}` : `exit code ${code}`;
      resolveExit();
    }),
  );
  await new Promise<void>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`${name} worker not ready within 180 s`)), 180_000);
    child.once('message', (message: { type?: string }) => {
      clearTimeout(timer);
      if (message.type === 'ready') ready();
      else failed(new Error(`${name} worker said ${JSON.stringify(message)}`));
    });
    child.once('exit', (code) => failed(new Error(`${name} worker exited early (code ${code})`)));
  });
  // One stats request at a time: an answer is matched to its request by order alone.
  let previous: Promise<unknown> = Promise.resolve();
  const stats = () => {
    const next = previous.then(
      () =>
        new Promise<WorkerStats>((answer, failed) => {
          if (!child.connected) return failed(new Error(`${name} worker is gone`));
          child.once('message', (message: WorkerStats) => answer(message));
          child.send({ type: 'stats' });
        }),
    );
    previous = next.catch(() => undefined);
    return next;
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  return { pid: child.pid!, stats, stop, exitStatus: () => exitStatus };
}

/** webpack's chatter left out of a benchmark's output; its warnings and errors said with `say`. */
export function quietBundlerLogger(say: (message: string) => void) {
  return {
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string) => say(`bundler: ${message}`),
    error: (message: string) => say(`bundler: ${message}`),
    log: () => undefined,
  };
}
