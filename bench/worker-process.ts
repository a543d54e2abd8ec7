/** One worker process of a variant on a task queue, stopped with the run (see bench/lifecycle.ts). */
import { onCleanUp, say } from './lifecycle';
import { startBenchWorker } from './support/bench-worker';
import type { WorkerStats, WorkerVariant } from './worker';

export interface BenchWorker {
  variant: WorkerVariant;
  name: string;
  taskQueue: string;
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
  const worker = await startBenchWorker(variant, { ...options.env, TEMPORAL_TASK_QUEUE: taskQueue }, name);
  const stop = onCleanUp(`${name} worker`, () => worker.stop());
  say(`${name} worker ready (pid ${worker.pid}, task queue ${taskQueue})`);
  return { variant, name, taskQueue, stats: () => worker.stats(), stop };
}
