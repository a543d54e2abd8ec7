import type { WorkerOptions } from '@temporalio/worker';
import type { WorkerSettings } from '@onething/config';
import { projectDataConverter } from '@onething/codec';
import { redactingActivityInterceptor } from './activity-error-redaction';
import { tracingActivityInterceptor, workflowTracingSinks } from './tracing-interceptors';

/**
 * What every worker of the project shares, whatever its task queue and activities: payloads and failures
 * encrypted by the project's data converter, database errors leaving an activity without the values
 * they were sent (in logs and history alike), and traces continued through workflows and activities.
 */
export function projectWorkerOptions(temporal: {
  namespace: string;
  payloadKeys?: string | undefined;
}): Pick<WorkerOptions, 'namespace' | 'dataConverter' | 'interceptors' | 'sinks'> {
  return {
    namespace: temporal.namespace,
    dataConverter: projectDataConverter(temporal.payloadKeys),
    // Tracing outermost, so an activity's span also covers (and records) the redacted failure.
    interceptors: { activity: [tracingActivityInterceptor, redactingActivityInterceptor] },
    sinks: workflowTracingSinks(),
  };
}

/**
 * The case worker's capacity (WORKER_* settings): how many workflow runs it keeps cached, and how many
 * workflow tasks and activities it runs at once. The cache is always set: the SDK's default grows with
 * the heap limit (about 2,300 runs on a 4 GB heap), and with it the worker's memory as cases wait.
 */
export function caseWorkerCapacity(
  worker: WorkerSettings,
): Pick<
  WorkerOptions,
  | 'maxCachedWorkflows'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'maxConcurrentActivityTaskExecutions'
  | 'maxConcurrentLocalActivityExecutions'
> {
  return {
    maxCachedWorkflows: worker.maxCachedWorkflows,
    ...(worker.maxConcurrentWorkflowTasks === undefined
      ? {}
      : { maxConcurrentWorkflowTaskExecutions: worker.maxConcurrentWorkflowTasks }),
    ...(worker.maxConcurrentActivities === undefined
      ? {}
      : {
          maxConcurrentActivityTaskExecutions: worker.maxConcurrentActivities,
          maxConcurrentLocalActivityExecutions: worker.maxConcurrentActivities,
        }),
  };
}
