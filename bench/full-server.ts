/**
 * The full Temporal server for the benchmark's comparison (BENCH_FULL_SERVER=1): frontend, history,
 * matching and worker services as separate processes on an embedded PostgreSQL of their own, started
 * with `npm run cluster`'s parts (apps/cluster, @onething/devservers) without the cluster's apps. A
 * fresh store each run, under BENCH_DATA_DIR/full-server.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import {
  applyTemporalSchemas,
  assertPortFree,
  findOrBuildTemporalServer,
  startEmbeddedPostgres,
} from '@onething/devservers';
import { registerSearchAttributes } from '@onething/temporal';
import { Supervisor } from '../apps/cluster/src/supervisor';
import { ensureNamespace, temporalServiceSpecs } from '../apps/cluster/src/temporal-processes';
import { clusterTopology, TEMPORAL_SERVICES, temporalServerPorts } from '../apps/cluster/src/topology';
import { onCleanUp, say } from './lifecycle';
import { postmasterPid, processTree } from './support/process-stats';

export interface FullTemporalServer {
  address: string;
  /** The four services' processes and PostgreSQL's (its backends included): the server's CPU. */
  pids(): number[];
  /** The four services and the postmaster: the backends share its buffers, summing theirs would count them again. */
  memoryPids(): number[];
  stop(): Promise<unknown>;
}

export async function startFullTemporalServer(options: {
  dataDir: string;
  portBase: number;
  historyShards: number;
  namespace: string;
  cacheDir: string;
}): Promise<FullTemporalServer> {
  const dir = join(options.dataDir, 'full-server');
  rmSync(dir, { recursive: true, force: true });
  const topology = clusterTopology({
    portBase: options.portBase,
    // Not bound here: only Temporal's services and PostgreSQL are started.
    apiPort: options.portBase + 50,
    departmentsPort: options.portBase + 51,
    uiPort: 0,
    apiReplicas: 1,
    workerReplicas: 1,
  });
  for (const port of temporalServerPorts(topology))
    await assertPortFree(topology.host, port, 'BENCH_FULL_PORT_BASE');
  const binaries = await findOrBuildTemporalServer({ cacheDir: options.cacheDir, log: say });
  const postgresDir = join(dir, 'postgres');
  const postgres = await startEmbeddedPostgres({
    dataDir: postgresDir,
    port: topology.postgresPort,
    database: 'temporal_bench',
    log: say,
  });
  const stopPostgres = onCleanUp('full server PostgreSQL', () => postgres.stop());
  const url = new URL(postgres.url);
  const credentials = { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  await applyTemporalSchemas({
    sqlTool: binaries.sqlTool,
    host: topology.host,
    port: topology.postgresPort,
    ...credentials,
  });
  const supervisor = new Supervisor({ logDir: join(dir, 'logs'), log: say });
  const stopServices = onCleanUp('full Temporal server', () => supervisor.stopAll());
  const specs = temporalServiceSpecs({
    binaries,
    topology,
    historyShards: options.historyShards,
    postgres: credentials,
    configDir: join(dir, 'config'),
  });
  for (const spec of specs) await supervisor.start(spec);
  await ensureNamespace(topology.frontendAddress, options.namespace);
  await registerProjectSearchAttributes(topology.frontendAddress, options.namespace);
  say(`Full Temporal server ready at ${topology.frontendAddress} (${options.historyShards} history shards)`);
  const services = () =>
    TEMPORAL_SERVICES.map((service) => supervisor.pid(`temporal-${service}`)).filter(
      (pid): pid is number => pid !== undefined,
    );
  const postmaster = () => postmasterPid(postgresDir);
  return {
    address: topology.frontendAddress,
    pids: () => [...services(), ...processTree(postmaster())],
    memoryPids: () => [...services(), ...processTree(postmaster()).slice(0, 1)],
    stop: async () => {
      await stopServices();
      await stopPostgres();
    },
  };
}

/** A full server started elsewhere (`npm run cluster`'s frontend): used as it is, its processes not read. */
export async function givenFullTemporalServer(
  address: string,
  namespace: string,
): Promise<FullTemporalServer> {
  await registerProjectSearchAttributes(address, namespace);
  return { address, pids: () => [], memoryPids: () => [], stop: () => Promise.resolve() };
}

async function registerProjectSearchAttributes(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await registerSearchAttributes(connection, namespace);
  } finally {
    await connection.close();
  }
}
