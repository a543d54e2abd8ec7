import 'reflect-metadata';
import { join } from 'node:path';
import { seedDemoIdentityAt } from '@onething/auth';
import { loadConfigFromProcess } from '@onething/config';
import { startCluster, type RunningCluster } from './cluster';

/**
 * `npm run cluster`: the production shape on one machine, without Docker (see
 * docs/operators/deployment.md, "Local cluster"). Ctrl-C or SIGTERM stops every process it started.
 */
const say = (message: string) => console.log(`[cluster] ${message}`);

async function main() {
  const config = loadConfigFromProcess();
  if (config.database.url || config.temporal.address)
    say('DATABASE_URL / TEMPORAL_ADDRESS are ignored: the cluster runs its own PostgreSQL and Temporal.');
  const running: { cluster?: RunningCluster } = {};
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // During the start, the cluster stops as soon as the step under way ends (below).
    if (!running.cluster) return say('Stopping once the step under way ends…');
    say('Stopping…');
    await running.cluster.stop();
    say('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _temporal, ...env } = process.env;
  say(
    `Starting (history shards ${config.temporal.cluster.historyShards}, ports from ${config.temporal.cluster.portBase})…`,
  );
  const cluster = await startCluster({
    dataDir: join(config.dataDir, 'cluster'),
    portBase: config.temporal.cluster.portBase,
    historyShards: config.temporal.cluster.historyShards,
    apiPort: config.api.port,
    departmentsPort: config.departmentsSim.port,
    uiPort: config.temporal.devServer.uiPort,
    apiReplicas: 2,
    workerReplicas: 2,
    namespace: config.temporal.namespace,
    cacheDir: config.system.cacheDir,
    env,
    workflowBundle: config.temporal.workflowBundlePath,
    log: say,
  });
  running.cluster = cluster;
  if (stopping) {
    stopping = false;
    return shutdown(0);
  }
  const logins =
    config.env === 'development'
      ? await seedDemoIdentityAt({ url: cluster.databaseUrl, schema: config.database.schema })
      : [];
  printUrls(cluster);
  if (logins.length > 0)
    say(`  Demo logins: ${logins.map((l) => l.username).join(', ')} (password ${logins[0].password})`);
  say('Press Ctrl-C to stop.');
}

function printUrls(cluster: RunningCluster): void {
  const { topology } = cluster;
  say('Ready.');
  say(
    `  API:          ${cluster.apiUrl}  (load balancer over ${topology.apiReplicaPorts.map((p) => `:${p}`).join(', ')})`,
  );
  topology.workerReplicaPorts.forEach((ports, index) =>
    say(`  Worker ${index + 1}:     http://${topology.host}:${ports.http}/health/ready, /metrics`),
  );
  say(
    `  Temporal:     ${topology.frontendAddress}  (frontend; history, matching, worker as separate processes)`,
  );
  for (const [service, ports] of Object.entries(topology.temporal)) {
    // The worker service serves no gRPC: its membership port is where it answers.
    const listens = service === 'worker' ? `membership :${ports.membership}` : `grpc :${ports.grpc}`;
    say(`    ${service.padEnd(9)} ${listens}, metrics http://${topology.host}:${ports.metrics}/metrics`);
  }
  if (cluster.uiUrl)
    say(
      `  Temporal UI:  ${cluster.uiUrl}  (payloads decoded by ${cluster.apiUrl}/codec for administrators and auditors)`,
    );
  say(`  Departments:  ${cluster.departmentsUrl}  (simulated)`);
  say(`  PostgreSQL:   ${cluster.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`);
  say(`  Logs:         ${cluster.supervisor.logFile('<process>')}`);
}

main().catch((error: unknown) => {
  console.error(`[cluster] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
