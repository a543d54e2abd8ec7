/** Forks bench/worker.ts (one worker process of a variant on a task queue) and talks to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { onCleanUp, say } from './lifecycle';
import type { WorkerStats, WorkerVariant } from './worker';
import { workerNodeArgs } from './support/process-stats';

const root = resolve(__dirname, '..');

export interface BenchWorker {
  variant: WorkerVariant;
  name: string;
  taskQueue: string;
  child: ChildProcess;
  stats(): Promise<WorkerStats>;
  stop(): Promise<unknown>;
}

export async function startWorker(options: {
  variant: WorkerVariant;
  /** Distinguishes several workers of one variant in messages. */
  name: string;
  taskQueue: string;
  env: Record<string, string | undefined>;
}): Promise<BenchWorker> {
  const { variant, name, taskQueue } = options;
  const child = fork(join(__dirname, 'worker.ts'), [variant], {
    execArgv: [...workerNodeArgs(), '-r', join(root, 'tools', 'register.js')],
    env: { ...options.env, TEMPORAL_TASK_QUEUE: taskQueue },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const stop = onCleanUp(`${name} worker`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  });
  await new Promise<void>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`${name} worker not ready within 180 s`)), 180_000);
    child.once('message', (message: { type?: string }) => {
      clearTimeout(timer);
      if (message.type === 'ready') ready();
      else failed(new Error(`${name} worker said ${JSON.stringify(message)}`));
    });
    child.once('exit', (code) => failed(new Error(`${name} worker exited early (code ${code})`)));
  });
  say(`${name} worker ready (pid ${child.pid}, task queue ${taskQueue})`);
  return {
    variant,
    name,
    taskQueue,
    child,
    stats: () =>
      new Promise<WorkerStats>((answer) => {
        child.once('message', (message: WorkerStats) => answer(message));
        child.send({ type: 'stats' });
      }),
    stop,
  };
}
