import { join } from 'node:path';
import { API_NODE_FLAGS, WORKER_NODE_FLAGS, WORKER_PROCESS_ENV } from '@onething/config';
import { httpReady } from './readiness';
import type { ProcessSpec } from './supervisor';
import type { ClusterTopology } from './topology';

const root = join(__dirname, '..', '..', '..');

/** `node -r tools/register.js <entry>`: the apps' own main entries, as `npm run start:api` runs them. */
function nodeApp(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  readyUrl: string,
  nodeFlags: readonly string[] = [],
): ProcessSpec {
  return {
    name,
    command: process.execPath,
    args: [...nodeFlags, '-r', join(root, 'tools', 'register.js'), join(root, entry)],
    env,
    ready: httpReady(readyUrl, 300_000),
    stopGraceMs: 15_000,
  };
}

/**
 * The simulated departments, the worker replicas and the API replicas, in start order. Replicas start
 * one after another: each runs the migrations on start, and one at a time they never race.
 */
export function appSpecs(topology: ClusterTopology, baseEnv: NodeJS.ProcessEnv): ProcessSpec[] {
  const { host } = topology;
  const departments = nodeApp(
    'departments-sim',
    'apps/departments-sim/src/main.ts',
    { ...baseEnv, DEPARTMENTS_SIM_HOST: host, DEPARTMENTS_SIM_PORT: String(topology.departmentsPort) },
    `http://${host}:${topology.departmentsPort}/health`,
  );
  const workers = topology.workerReplicaPorts.map((ports, index) =>
    nodeApp(
      `worker-${index + 1}`,
      'apps/worker/src/main.ts',
      {
        // A process-level setting already in the launcher's environment is kept.
        ...WORKER_PROCESS_ENV,
        ...baseEnv,
        WORKER_HTTP_HOST: host,
        WORKER_HTTP_PORT: String(ports.http),
        WORKER_SDK_METRICS_PORT: String(ports.sdkMetrics),
        OTEL_SERVICE_NAME: `onething-worker-${index + 1}`,
      },
      `http://${host}:${ports.http}/health/ready`,
      WORKER_NODE_FLAGS,
    ),
  );
  const apis = topology.apiReplicaPorts.map((port, index) =>
    nodeApp(
      `api-${index + 1}`,
      'apps/api/src/main.ts',
      { ...baseEnv, API_HOST: host, API_PORT: String(port), OTEL_SERVICE_NAME: `onething-api-${index + 1}` },
      `http://${host}:${port}/health/ready`,
      API_NODE_FLAGS,
    ),
  );
  return [departments, ...workers, ...apis];
}
