import { parse } from 'yaml';
import { renderDynamicConfig, renderTemporalConfig } from './temporal-config';
import { boundPorts, clusterTopology, PORT_BLOCK_SIZE } from './topology';

const input = {
  portBase: 7800,
  apiPort: 3000,
  departmentsPort: 3100,
  uiPort: 8233,
  apiReplicas: 2,
  workerReplicas: 2,
};

describe('clusterTopology', () => {
  it('gives every process its own ports inside the block, the balancer the API port', () => {
    const topology = clusterTopology(input);
    const ports = boundPorts(topology);
    expect(new Set(ports).size).toBe(ports.length);
    const internal = ports.filter((port) => ![3000, 3100, 8233].includes(port));
    expect(Math.min(...internal)).toBe(7800);
    expect(Math.max(...internal)).toBeLessThan(7800 + PORT_BLOCK_SIZE);
    expect(topology.frontendAddress).toBe('127.0.0.1:7800');
    expect(topology.apiReplicaPorts).toHaveLength(2);
    expect(topology.workerReplicaPorts).toHaveLength(2);
  });

  it('refuses no replicas and more than it has ports for', () => {
    expect(() => clusterTopology({ ...input, apiReplicas: 0 })).toThrow(/API replicas/);
    expect(() => clusterTopology({ ...input, workerReplicas: 9 })).toThrow(/worker replicas/);
  });
});

describe('renderTemporalConfig', () => {
  const topology = clusterTopology(input);
  const render = (service: 'history' | 'frontend', historyShards = 16) =>
    parse(
      renderTemporalConfig({
        topology,
        service,
        historyShards,
        postgres: { user: 'u', password: 'p' },
        dynamicConfigFile: '/tmp/dc.yaml',
      }),
    ) as Record<string, any>;

  it('puts both stores on the cluster PostgreSQL with the configured shard count', () => {
    const config = render('history', 16);
    expect(config.persistence.numHistoryShards).toBe(16);
    expect(config.persistence.datastores.default.sql).toMatchObject({
      pluginName: 'postgres12',
      databaseName: 'temporal',
      connectAddr: `127.0.0.1:${topology.postgresPort}`,
      user: 'u',
    });
    expect(config.persistence.datastores.visibility.sql.databaseName).toBe('temporal_visibility');
  });

  it('lists every service so they find each other, and binds only its own metrics port', () => {
    const history = render('history');
    const frontend = render('frontend');
    expect(Object.keys(history.services).sort()).toEqual(['frontend', 'history', 'matching', 'worker']);
    expect(history.services.frontend.rpc.grpcPort).toBe(7800);
    expect(history.global.metrics.prometheus.listenAddress).toBe(
      `127.0.0.1:${topology.temporal.history.metrics}`,
    );
    expect(frontend.global.metrics.prometheus.listenAddress).toBe(
      `127.0.0.1:${topology.temporal.frontend.metrics}`,
    );
    expect(history.clusterMetadata.clusterInformation.active.rpcAddress).toBe('127.0.0.1:7800');
  });

  it('reads search attributes from the store, not a minute-old cache', () => {
    expect(parse(renderDynamicConfig())).toEqual({
      'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true, constraints: {} }],
    });
  });
});
