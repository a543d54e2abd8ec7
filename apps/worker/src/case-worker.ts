import { INestApplicationContext } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { AppConfig } from '@onething/config';
import { Metrics } from '@onething/observability';
import { caseWorkerCapacity, projectWorkerOptions, workflowBundleOptions } from '@onething/temporal';
import { withClassifiedFailures } from './activity-failures';
import { activityMetricsInterceptor } from './activity-metrics';
import { caseActivities } from './activities';

/** A Temporal worker for the case task queue, its activities taken from the Nest application context. */
export async function createCaseWorker(
  app: INestApplicationContext,
  config: AppConfig,
  temporalAddress: string,
  overrides: { taskQueue?: string; connection?: NativeConnection } = {},
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = overrides.connection ?? (await NativeConnection.connect({ address: temporalAddress }));
  const bundle = config.temporal.workflowBundlePath;
  const { workflowsPath, webpackConfigHook, workflowInterceptorModules } = workflowBundleOptions();
  const shared = projectWorkerOptions(config.temporal);
  const worker = await Worker.create({
    connection,
    ...shared,
    interceptors: {
      ...shared.interceptors,
      activity: [...(shared.interceptors?.activity ?? []), activityMetricsInterceptor(app.get(Metrics))],
      // Only when bundling here: a prebuilt bundle has its interceptors built in.
      ...(bundle ? {} : { workflowModules: workflowInterceptorModules }),
    },
    ...caseWorkerCapacity(config.temporal.worker),
    taskQueue: overrides.taskQueue ?? config.temporal.taskQueue,
    ...(bundle
      ? { workflowBundle: { codePath: bundle } }
      : { workflowsPath, bundlerOptions: { webpackConfigHook } }),
    // Every activity's failure is classified: what cannot heal is non-retryable, so nothing loops.
    activities: withClassifiedFailures(caseActivities(app)),
  });
  return { worker, connection };
}
