/**
 * Where every process of the local cluster listens. Pure: the ports follow from a base port (internal
 * services) and the user-facing ports (the load balancer, the simulated departments, the Web UI).
 */
export const TEMPORAL_SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

export interface ClusterPortsInput {
  /** First of the block of internal ports (Temporal services, PostgreSQL, the replicas). */
  portBase: number;
  /** The load balancer in front of the API replicas: the one API address printed. */
  apiPort: number;
  departmentsPort: number;
  /** The Temporal Web UI; 0: none. */
  uiPort: number;
  apiReplicas: number;
  workerReplicas: number;
}

export interface TemporalServicePorts {
  grpc: number;
  membership: number;
  metrics: number;
  /** The frontend's HTTP API. */
  http?: number;
}

export interface ClusterTopology {
  host: string;
  postgresPort: number;
  temporal: Record<TemporalService, TemporalServicePorts>;
  frontendAddress: string;
  apiPort: number;
  apiReplicaPorts: number[];
  /** Per worker replica: its health/metrics HTTP port and the loopback port of the SDK's own metrics. */
  workerReplicaPorts: { http: number; sdkMetrics: number }[];
  departmentsPort: number;
  uiPort: number;
}

/** How many ports above `portBase` the topology uses at most (documentation and port checks). */
export const PORT_BLOCK_SIZE = 60;
const MAX_REPLICAS = 8;

export function clusterTopology(input: ClusterPortsInput): ClusterTopology {
  for (const [name, count] of [
    ['API replicas', input.apiReplicas],
    ['worker replicas', input.workerReplicas],
  ] as const)
    if (!Number.isInteger(count) || count < 1 || count > MAX_REPLICAS)
      throw new Error(`${name}: expected 1..${MAX_REPLICAS}, got ${count}`);
  const base = input.portBase;
  const temporal = Object.fromEntries(
    TEMPORAL_SERVICES.map((service, index) => [
      service,
      {
        grpc: base + index * 3,
        membership: base + index * 3 + 1,
        metrics: base + index * 3 + 2,
        ...(service === 'frontend' ? { http: base + 12 } : {}),
      },
    ]),
  ) as Record<TemporalService, TemporalServicePorts>;
  const host = '127.0.0.1';
  return {
    host,
    postgresPort: base + 15,
    temporal,
    frontendAddress: `${host}:${temporal.frontend.grpc}`,
    apiPort: input.apiPort,
    apiReplicaPorts: range(input.apiReplicas).map((i) => base + 20 + i),
    workerReplicaPorts: range(input.workerReplicas).map((i) => ({
      http: base + 30 + i,
      sdkMetrics: base + 40 + i,
    })),
    departmentsPort: input.departmentsPort,
    uiPort: input.uiPort,
  };
}

/** The ports of the Temporal server's PostgreSQL and its services. */
export function temporalServerPorts(topology: ClusterTopology): number[] {
  return [
    topology.postgresPort,
    ...Object.values(topology.temporal).flatMap((p) => [
      p.grpc,
      p.membership,
      p.metrics,
      ...(p.http ? [p.http] : []),
    ]),
  ];
}

/** Every port the topology binds, for a check before anything starts. */
export function boundPorts(topology: ClusterTopology): number[] {
  return [
    ...temporalServerPorts(topology),
    topology.apiPort,
    ...topology.apiReplicaPorts,
    ...topology.workerReplicaPorts.flatMap((p) => [p.http, p.sdkMetrics]),
    topology.departmentsPort,
    ...(topology.uiPort ? [topology.uiPort] : []),
  ];
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
