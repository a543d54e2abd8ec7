/**
 * One benchmark worker process: `node -r ./tools/register.js bench/worker.ts interpreter|hand-written`,
 * forked by bench/run.ts with an IPC channel. Both variants are the same process type — the worker's
 * Nest application context (PostgreSQL pool, connector registry) and one Temporal worker on its own task
 * queue — and differ only in the workflow bundle and the activities registered.
 *
 * IPC: sends `{type:'ready'}`; answers `{type:'stats'}` with CPU time and RSS figures (RSS sampled every
 * 100 ms since the previous stats request); `{type:'stop'}` shuts the worker down and exits.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfigFromProcess } from '@onething/config';
import { createLogger } from '@onething/logging';
import { caseWorkerCapacity, temporalSdkLogger } from '@onething/temporal';
import { createCaseWorker } from '../apps/worker/src/case-worker';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { CompletionActivities, StepActivities } from '../apps/worker/src/activities';
import { handWrittenActivities } from './hand-written.activities';

export type WorkerVariant = 'interpreter' | 'hand-written';

export interface WorkerStats {
  type: 'stats';
  cpuMs: number;
  rssBytes: number;
  peakRssBytes: number;
  meanRssBytes: number;
}

async function main() {
  const variant = process.argv[2] as WorkerVariant;
  if (variant !== 'interpreter' && variant !== 'hand-written')
    throw new Error(`unknown variant ${String(variant)}`);
  const config = loadConfigFromProcess();
  const { url: databaseUrl } = config.database;
  const { address: temporalAddress, workflowBundlePath } = config.temporal;
  if (!databaseUrl || !temporalAddress || !workflowBundlePath) {
    throw new Error('bench/worker.ts is started by bench/run.ts');
  }
  const log = createLogger({ level: config.logLevel, service: `bench-${variant}` });
  Runtime.install({ logger: temporalSdkLogger(log) });
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config, log, { databaseUrl, temporalAddress }),
    { logger: false },
  );
  let worker: Pick<Worker, 'run' | 'shutdown' | 'getState'>;
  let connection: NativeConnection;
  if (variant === 'interpreter') {
    // The product's worker, as apps/worker starts it (TEMPORAL_WORKFLOW_BUNDLE: a prebuilt bundle).
    ({ worker, connection } = await createCaseWorker(app, config, temporalAddress));
  } else {
    connection = await NativeConnection.connect({ address: temporalAddress });
    worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: { codePath: workflowBundlePath },
      // The product worker's capacity settings, so the two differ only in their workflows.
      ...caseWorkerCapacity(config.temporal.worker),
      activities: handWrittenActivities(app.get(StepActivities), app.get(CompletionActivities)),
    });
  }

  let peak = 0;
  let sum = 0;
  let count = 0;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    sum += rss;
    count += 1;
  };
  const sampler = setInterval(sample, 100);
  sample();

  const running = worker.run();
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stats') {
      sample();
      const cpu = process.cpuUsage();
      const stats: WorkerStats = {
        type: 'stats',
        cpuMs: (cpu.user + cpu.system) / 1000,
        rssBytes: process.memoryUsage().rss,
        peakRssBytes: peak,
        meanRssBytes: sum / count,
      };
      peak = 0;
      sum = 0;
      count = 0;
      process.send?.(stats);
    } else if (message.type === 'stop' && worker.getState() === 'RUNNING') {
      worker.shutdown();
    }
  });
  // The parent going away (crash, Ctrl-C) stops this worker too: no orphan.
  process.on('disconnect', () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });
  process.send?.({ type: 'ready' });
  await running;
  clearInterval(sampler);
  await connection.close();
  await app.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      `[bench worker] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
