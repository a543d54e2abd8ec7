import type { WorkerOptions } from '@temporalio/worker';
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
