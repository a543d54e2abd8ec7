import { stringify } from 'yaml';
import { TEMPORAL_SERVICES, type ClusterTopology, type TemporalService } from './topology';

export interface TemporalConfigInput {
  topology: ClusterTopology;
  /** The service this file is for: it alone binds its metrics port. */
  service: TemporalService;
  historyShards: number;
  postgres: { user: string; password: string };
  dynamicConfigFile: string;
}

/**
 * The Temporal server's configuration for one service process (`server --config <dir> --env cluster
 * start --service <name>`), after the module's config/development-postgres12.yaml: every service's
 * ports (they find each other through membership), PostgreSQL for both stores, the shard count.
 */
export function renderTemporalConfig(input: TemporalConfigInput): string {
  const { topology } = input;
  const sql = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${topology.host}:${topology.postgresPort}`,
      connectProtocol: 'tcp',
      user: input.postgres.user,
      password: input.postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const services = Object.fromEntries(
    TEMPORAL_SERVICES.map((service) => {
      const ports = topology.temporal[service];
      const rpc = {
        grpcPort: ports.grpc,
        membershipPort: ports.membership,
        bindOnLocalHost: true,
        ...(ports.http ? { httpPort: ports.http } : {}),
      };
      return [service, { rpc }];
    }),
  );
  const config = {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      // Fixed for the life of the store: a restore needs the same count (docs/operators/backups.md).
      numHistoryShards: input.historyShards,
      datastores: { default: sql('temporal', 10), visibility: sql('temporal_visibility', 4) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: topology.host },
      metrics: {
        prometheus: {
          framework: 'tally',
          timerType: 'histogram',
          listenAddress: `${topology.host}:${topology.temporal[input.service].metrics}`,
        },
      },
    },
    services,
    publicClient: { hostPort: topology.frontendAddress },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: topology.frontendAddress,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: input.dynamicConfigFile, pollInterval: '10s' },
  };
  return stringify(config);
}

/**
 * Dynamic configuration: search attributes the worker registers are read from the store, not a cache
 * that another process refreshes a minute later (the API starts cases with them at once).
 */
export function renderDynamicConfig(): string {
  return stringify({
    'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true, constraints: {} }],
  });
}
