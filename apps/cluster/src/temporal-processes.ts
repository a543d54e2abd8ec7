import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { waitFor, type TemporalServerBinaries } from '@onething/devservers';
import { stringify } from 'yaml';
import { tcpReady } from './readiness';
import type { ProcessSpec } from './supervisor';
import { renderDynamicConfig, renderTemporalConfig } from './temporal-config';
import { TEMPORAL_SERVICES, type ClusterTopology, type TemporalService } from './topology';

export interface TemporalProcessesInput {
  binaries: TemporalServerBinaries;
  topology: ClusterTopology;
  historyShards: number;
  postgres: { user: string; password: string };
  /** Where the rendered configuration files go. */
  configDir: string;
}

/**
 * One process per Temporal service, each with its own configuration file (its own metrics port). History
 * and matching first: the frontend routes to them, the worker service needs the frontend.
 */
export function temporalServiceSpecs(input: TemporalProcessesInput): ProcessSpec[] {
  const dynamicConfigFile = join(input.configDir, 'dynamicconfig.yaml');
  mkdirSync(input.configDir, { recursive: true });
  writeFileSync(dynamicConfigFile, renderDynamicConfig());
  const order: TemporalService[] = ['history', 'matching', 'frontend', 'worker'];
  return order.map((service) => {
    const dir = join(input.configDir, service);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cluster.yaml'), renderTemporalConfig({ ...input, service, dynamicConfigFile }), {
      mode: 0o600,
    });
    const { host } = input.topology;
    return {
      name: `temporal-${service}`,
      command: input.binaries.server,
      args: [
        '--root',
        '/',
        '--config',
        dir,
        '--env',
        'cluster',
        '--allow-no-auth',
        'start',
        '--service',
        service,
      ],
      // The worker service serves no gRPC: it is up once it joins the membership ring.
      ready: tcpReady(host, input.topology.temporal[service][service === 'worker' ? 'membership' : 'grpc']),
      stopGraceMs: 15_000,
    };
  });
}

export { TEMPORAL_SERVICES };

/** Registers the namespace on a fresh store (7 days' retention) and waits until the frontend serves it. */
export async function ensureNamespace(address: string, namespace: string): Promise<void> {
  const connection = await waitFor(
    `Temporal frontend at ${address}`,
    async () => {
      const attempt = await Connection.connect({ address, connectTimeout: 2000 });
      await attempt.workflowService.getSystemInfo({});
      return attempt;
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  try {
    await connection.workflowService
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('7 days') })
      .catch((error: Error) => {
        if (!/already exists|AlreadyExists/i.test(error.message)) throw error;
      });
    await waitFor(
      `namespace ${namespace}`,
      async () => {
        await connection.workflowService.describeNamespace({ namespace });
        await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  } finally {
    await connection.close();
  }
}

/**
 * The Temporal Web UI (the ui-server module, the same one the CLI embeds) pointed at the cluster's
 * frontend, decoding payloads through the API's codec endpoint (administrators and auditors only).
 */
export function webUiSpec(
  binary: string,
  topology: ClusterTopology,
  namespace: string,
  codecEndpoint: string,
  configDir: string,
): ProcessSpec {
  const dir = join(configDir, 'web-ui');
  mkdirSync(dir, { recursive: true });
  const uiUrl = `http://${topology.host}:${topology.uiPort}`;
  writeFileSync(
    join(dir, 'cluster.yaml'),
    stringify({
      temporalGrpcAddress: topology.frontendAddress,
      host: topology.host,
      port: topology.uiPort,
      enableUi: true,
      defaultNamespace: namespace,
      cors: { allowOrigins: [uiUrl], cookieInsecure: true },
      codec: { endpoint: codecEndpoint, passAccessToken: false, includeCredentials: true },
      refreshInterval: '1m',
    }),
  );
  return {
    name: 'temporal-web-ui',
    command: binary,
    args: ['--root', '/', '--config', dir, '--env', 'cluster', 'start'],
    ready: tcpReady(topology.host, topology.uiPort),
  };
}
