import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NativeConnection, Worker, type State, type WorkerOptions } from '@temporalio/worker';
import { taskWorkflowQueue } from '@onething/case-model';
import { AppConfig } from '@onething/config';
import { Metrics } from '@onething/observability';
import { caseWorkerCapacity, projectWorkerOptions } from '@onething/temporal';
import { withClassifiedFailures } from './activity-failures';
import { activityMetricsInterceptor } from './activity-metrics';
import { caseActivities } from './activities';

/**
 * The case worker: one Temporal worker on the case task queue and one on its tasks queue (where cases
 * of generation 2 run their manual-task workflows), the same workflows and activities in both, run and
 * stopped together. Apart, a task of a case under way opens while new cases queue, instead of after them.
 */
export class CaseWorkers {
  constructor(
    readonly cases: Worker,
    readonly tasks: Worker,
  ) {}

  /** The case queue's worker's options (its identity is what the health check looks for). */
  get options(): Worker['options'] {
    return this.cases.options;
  }

  /** RUNNING only while both run; otherwise the state of the one that is not. */
  getState(): State {
    const cases = this.cases.getState();
    return cases === 'RUNNING' ? this.tasks.getState() : cases;
  }

  /** Runs both until both stop; when one stops or fails, the other is shut down too. */
  async run(): Promise<void> {
    const runs = [this.cases, this.tasks].map((worker) => worker.run().finally(() => this.shutdown()));
    const [cases, tasks] = await Promise.allSettled(runs);
    for (const outcome of [cases, tasks]) if (outcome.status === 'rejected') throw outcome.reason;
  }

  shutdown(): void {
    for (const worker of [this.cases, this.tasks]) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
  }
}

/** The case worker, its activities taken from the Nest application context. */
export async function createCaseWorker(
  app: INestApplicationContext,
  config: AppConfig,
  temporalAddress: string,
  overrides: { taskQueue?: string; connection?: NativeConnection } = {},
): Promise<{ worker: CaseWorkers; connection: NativeConnection }> {
  const connection = overrides.connection ?? (await NativeConnection.connect({ address: temporalAddress }));
  const prebuilt = config.temporal.workflowBundlePath;
  const built = prebuilt ? undefined : await bundleInChildProcess();
  try {
    // Bundled once for both workers (a prebuilt bundle, or built now), interceptors built in.
    const options = caseWorkerOptions(app, config, connection, prebuilt ?? built!.path);
    const taskQueue = overrides.taskQueue ?? config.temporal.taskQueue;
    const [cases, tasks] = await Promise.all([
      Worker.create({ ...options, taskQueue }),
      Worker.create({ ...options, taskQueue: taskWorkflowQueue(taskQueue) }),
    ]);
    return { worker: new CaseWorkers(cases, tasks), connection };
  } finally {
    built?.remove();
  }
}

/**
 * Builds the workflow bundle in a process of its own (tools/build-workflow-bundle.ts) when none was
 * prebuilt: webpack needs more heap than the worker's own cap (WORKER_NODE_FLAGS) leaves beside the
 * application, so the child runs with Node's defaults, not the options this process was started with.
 */
async function bundleInChildProcess(): Promise<{ path: string; remove(): void }> {
  const root = resolve(__dirname, '..', '..', '..');
  const folder = mkdtempSync(join(tmpdir(), 'onething-bundle-'));
  const path = join(folder, 'workflow-bundle.js');
  const child = fork(join(root, 'tools', 'build-workflow-bundle.ts'), [path], {
    execArgv: ['-r', join(root, 'tools', 'register.js')],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done, failed) => {
    child.once('error', failed);
    child.once('exit', done);
  });
  const remove = () => rmSync(folder, { recursive: true, force: true });
  if (code !== 0) {
    remove();
    throw new Error(`bundling the workflows failed (exit code ${code}): ${stderr.trim().slice(-2000)}`);
  }
  return { path, remove };
}

function caseWorkerOptions(
  app: INestApplicationContext,
  config: AppConfig,
  connection: NativeConnection,
  bundlePath: string,
): Omit<WorkerOptions, 'taskQueue'> {
  const shared = projectWorkerOptions(config.temporal);
  return {
    connection,
    ...shared,
    interceptors: {
      ...shared.interceptors,
      activity: [...(shared.interceptors?.activity ?? []), activityMetricsInterceptor(app.get(Metrics))],
    },
    ...caseWorkerCapacity(config.temporal.worker),
    workflowBundle: { codePath: bundlePath },
    // Every activity's failure is classified: what cannot heal is non-retryable, so nothing loops.
    activities: withClassifiedFailures(caseActivities(app)),
  };
}
