import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { projectDataConverter } from '@onething/codec';
import { loadConfig } from '@onething/config';
import { ensureTimeSkippingServer } from '@onething/devservers';
import {
  redactingActivityInterceptor,
  workflowBundleOptions,
  workflowTracingSinks,
} from '@onething/temporal';
import { projectSearchAttributes } from '@onething/case-model';

/** The payload keys of the run (the integration set-up's test key), as production encrypts payloads. */
function timeSkippingDataConverter(): DataConverter {
  const keys =
    loadConfig(process.env).temporal.payloadKeys ??
    join(__dirname, '..', 'fixtures', 'payload-keys.test.json');
  return projectDataConverter(keys);
}

const { IndexedValueType } = temporal.api.enums.v1;
const indexedValueType = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

/**
 * A Temporal time-skipping test server of its own (the Java test server, fetched once into the user
 * cache by `ensureTimeSkippingServer`) with the project's search attributes and a client that encrypts
 * payloads as production does. Awaiting a workflow's result through `env.client` skips time: timers of
 * days fire in moments. Time is global to the environment: one per test file, its workflows one at a
 * time. Call `env.teardown()` when done.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = await ensureTimeSkippingServer({
    cacheDir: loadConfig(process.env).system.cacheDir,
    log: (message) => process.stderr.write(`[time-skipping server] ${message}\n`),
  });
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
    client: { dataConverter: timeSkippingDataConverter() },
  });
  try {
    // The test server has AddSearchAttributes but not ListSearchAttributes, which registerSearchAttributes
    // reads first; each server is new, so add them all. Unregistered, an upsert fails its workflow task
    // (INVALID_ARGUMENT, retried forever) and a start naming one is refused.
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(
        projectSearchAttributes.map((a) => [a.name, indexedValueType[a.type]]),
      ),
    });
  } catch (error) {
    await env.teardown();
    throw error;
  }
  return env;
}

export interface TimeSkippingWorkerOptions {
  taskQueue: string;
  activities?: object;
  /** Default: the project's workflows as the integration set-up bundled them (TEMPORAL_WORKFLOW_BUNDLE). */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/**
 * A worker on the time-skipping environment, with the project's data converter, for the caller's
 * activities and task queue. Run it with `worker.runUntil(promise)` or `worker.run()` + `shutdown()`.
 * Register every activity the workflows schedule (a stub will do): the test server stops skipping time
 * from an activity's scheduling until a worker starts it, so an activity nobody picks up stops the
 * environment's clock for good, even after its workflow ends.
 */
export async function createTimeSkippingWorker(
  env: TestWorkflowEnvironment,
  options: TimeSkippingWorkerOptions,
): Promise<Worker> {
  const bundlePath = process.env.TEMPORAL_WORKFLOW_BUNDLE;
  const { workflowsPath, webpackConfigHook } = workflowBundleOptions();
  const workflows = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : bundlePath
      ? { workflowBundle: { codePath: bundlePath } }
      : { workflowsPath, bundlerOptions: { webpackConfigHook } };
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: options.taskQueue,
    dataConverter: timeSkippingDataConverter(),
    interceptors: { activity: [redactingActivityInterceptor] },
    // The bundle's tracing interceptors hand their spans to this sink (a no-op without tracing).
    sinks: workflowTracingSinks(),
    ...workflows,
    ...(options.activities ? { activities: options.activities } : {}),
  });
}
