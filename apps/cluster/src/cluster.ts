import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import {
  applyTemporalSchemas,
  assertPortFree,
  findOrBuildTemporalServer,
  findOrBuildTemporalUiServer,
  startEmbeddedPostgres,
  type RunningPostgres,
} from '@onething/devservers';
import { bundleWorkflows } from '@onething/temporal';
import { appSpecs } from './app-processes';
import { startLoadBalancer, type RunningLoadBalancer } from './load-balancer';
import { ensureClusterSecrets } from './secrets';
import { Supervisor } from './supervisor';
import { ensureNamespace, temporalServiceSpecs, webUiSpec } from './temporal-processes';
import { boundPorts, clusterTopology, type ClusterPortsInput, type ClusterTopology } from './topology';

export interface ClusterOptions extends ClusterPortsInput {
  /** Everything the cluster keeps: PostgreSQL's data, keys, rendered configuration, process logs. */
  dataDir: string;
  historyShards: number;
  namespace: string;
  cacheDir: string;
  /** The environment the apps start from (their own ports and addresses are added). */
  env: NodeJS.ProcessEnv;
  /** A prebuilt workflow bundle; built into the data folder when not given. */
  workflowBundle?: string;
  log: (message: string) => void;
}

export interface RunningCluster {
  topology: ClusterTopology;
  /** The load balancer's address: the one API URL. */
  apiUrl: string;
  departmentsUrl: string;
  /** The Web UI's address (none when `uiPort` is 0). */
  uiUrl?: string;
  databaseUrl: string;
  supervisor: Supervisor;
  loadBalancer: RunningLoadBalancer;
  /** Stops every process (apps, then Temporal, then PostgreSQL); resolves when all are gone. */
  stop(): Promise<void>;
}

/**
 * `npm run cluster`: PostgreSQL, Temporal's four services as separate processes, the simulated
 * departments, worker and API replicas (the APIs behind a round-robin load balancer) and the Web UI,
 * every process supervised. A failure on the way stops what already runs.
 */
export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const topology = clusterTopology(options);
  for (const port of boundPorts(topology))
    await assertPortFree(topology.host, port, 'CLUSTER_PORT_BASE / API_PORT');
  const dataDir = resolve(options.dataDir);
  const binaries = await findOrBuildTemporalServer({ cacheDir: options.cacheDir, log: options.log });
  const uiServer = topology.uiPort
    ? await findOrBuildTemporalUiServer({ cacheDir: options.cacheDir, log: options.log })
    : undefined;
  const secrets = await ensureClusterSecrets(dataDir);
  const postgres = await startEmbeddedPostgres({
    dataDir: join(dataDir, 'postgres'),
    port: topology.postgresPort,
    database: 'onething',
    log: options.log,
  });
  const supervisor = new Supervisor({
    logDir: join(dataDir, 'logs'),
    log: options.log,
    stateFile: join(dataDir, 'processes.json'),
  });
  let loadBalancer: RunningLoadBalancer | undefined;
  const stop = async () => {
    await loadBalancer?.close();
    await supervisor.stopAll();
    await postgres.stop();
  };
  try {
    const credentials = postgresCredentials(postgres);
    await applyTemporalSchemas({
      sqlTool: binaries.sqlTool,
      host: topology.host,
      port: topology.postgresPort,
      ...credentials,
    });
    const configDir = join(dataDir, 'config');
    for (const spec of temporalServiceSpecs({
      binaries,
      topology,
      historyShards: options.historyShards,
      postgres: credentials,
      configDir,
    }))
      await supervisor.start(spec);
    await ensureNamespace(topology.frontendAddress, options.namespace);
    options.log(`Temporal (${options.historyShards} history shards) ready at ${topology.frontendAddress}`);
    const workflowBundle = options.workflowBundle ?? (await buildBundle(dataDir, options.log));
    const apiUrl = `http://${topology.host}:${topology.apiPort}`;
    const env = appEnvironment(options, topology, { postgres, secrets, workflowBundle, apiUrl });
    for (const spec of appSpecs(topology, env)) await supervisor.start(spec);
    loadBalancer = await startLoadBalancer({
      host: topology.host,
      port: topology.apiPort,
      backends: topology.apiReplicaPorts.map((port) => `http://${topology.host}:${port}`),
    });
    const uiUrl = uiServer ? `http://${topology.host}:${topology.uiPort}` : undefined;
    if (uiServer)
      await supervisor.start(webUiSpec(uiServer, topology, options.namespace, `${apiUrl}/codec`, configDir));
    const addresses = {
      apiUrl,
      departmentsUrl: `http://${topology.host}:${topology.departmentsPort}`,
      ...(uiUrl ? { uiUrl } : {}),
      databaseUrl: postgres.url,
      temporalAddress: topology.frontendAddress,
    };
    // For tools and tests beside the cluster (processes.json has the pids); holds the local database password.
    writeFileSync(join(dataDir, 'cluster.json'), JSON.stringify(addresses, null, 2), { mode: 0o600 });
    return { ...addresses, topology, supervisor, loadBalancer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function postgresCredentials(postgres: RunningPostgres): { user: string; password: string } {
  const url = new URL(postgres.url);
  return { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

function appEnvironment(
  options: ClusterOptions,
  topology: ClusterTopology,
  parts: {
    postgres: RunningPostgres;
    secrets: Awaited<ReturnType<typeof ensureClusterSecrets>>;
    workflowBundle: string;
    apiUrl: string;
  },
): NodeJS.ProcessEnv {
  const departmentsUrl = `http://${topology.host}:${topology.departmentsPort}`;
  return {
    ...options.env,
    DATABASE_URL: parts.postgres.url,
    TEMPORAL_ADDRESS: topology.frontendAddress,
    TEMPORAL_NAMESPACE: options.namespace,
    TEMPORAL_WORKFLOW_BUNDLE: parts.workflowBundle,
    PAYLOAD_ENCRYPTION_KEYS: options.env.PAYLOAD_ENCRYPTION_KEYS ?? parts.secrets.payloadKeysFile,
    AUTH_SIGNING_KEYS: options.env.AUTH_SIGNING_KEYS ?? parts.secrets.signingKeysFile,
    CONNECTOR_BASE_URL: options.env.CONNECTOR_BASE_URL ?? departmentsUrl,
    PUBLIC_BASE_URL: options.env.PUBLIC_BASE_URL ?? parts.apiUrl,
    // The API's CORS allow-list for the codec endpoint follows the Web UI's port.
    TEMPORAL_DEV_UI_PORT: String(topology.uiPort),
    ...(topology.uiPort && !options.env.TEMPORAL_WEB_UI_URL
      ? { TEMPORAL_WEB_UI_URL: `http://${topology.host}:${topology.uiPort}` }
      : {}),
  };
}

/** Every worker replica runs exactly the same workflow code: one bundle, built before they start. */
async function buildBundle(dataDir: string, log: (message: string) => void): Promise<string> {
  const started = Date.now();
  const file = join(dataDir, 'workflow-bundle.js');
  const { code } = await bundleWorkflows();
  writeFileSync(file, code);
  log(`Workflow bundle built (${Math.round((Date.now() - started) / 1000)} s)`);
  return file;
}
