import type { WorkerOptions } from '@temporalio/worker';
import { projectDataConverter } from '@onething/codec';
import { redactingActivityInterceptor } from './activity-error-redaction';

/**
 * What every worker of the project shares, whatever its task queue and activities: payloads and failures
 * encrypted by the project's data converter, and database errors leaving an activity without the values
 * they were sent (in logs and history alike).
 */
export function projectWorkerOptions(temporal: {
  namespace: string;
  payloadKeys?: string | undefined;
}): Pick<WorkerOptions, 'namespace' | 'dataConverter' | 'interceptors'> {
  return {
    namespace: temporal.namespace,
    dataConverter: projectDataConverter(temporal.payloadKeys),
    interceptors: { activity: [redactingActivityInterceptor] },
  };
}
