import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { z } from 'zod';

/**
 * The one configuration surface. Every process builds its `AppConfig` from the environment once, at
 * start-up; nothing else reads `process.env`. A wrong value stops start-up with a message that names the
 * variable and says what it expects.
 */
const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .min(1)
    .refine((v) => protocols.some((p) => v.startsWith(p)), {
      message: `a URL starting with ${protocols.join(' or ')}`,
    })
    .optional();
const hostPort = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'host:port, e.g. 127.0.0.1:7233')
  .optional();
const milliseconds = (fallback: number) => z.coerce.number().int().min(0).max(3_600_000).default(fallback);

export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_HOST: z.string().trim().min(1).default('127.0.0.1'),
  API_PORT: port(3000),
  /** Where embedded servers keep their data when nothing external is configured. */
  DATA_DIR: z.string().trim().min(1).default('.data'),
  DATABASE_URL: optionalUrl(['postgres://', 'postgresql://']),
  /** The PostgreSQL schema the application's tables live in (tests use one per Jest worker). */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case PostgreSQL identifier')
    .default('public'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  EMBEDDED_POSTGRES_PORT: port(54329),
  TEMPORAL_ADDRESS: hostPort,
  TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().trim().min(1).default('onething-cases'),
  TEMPORAL_CLI: z.string().trim().min(1).optional(),
  /** A prebuilt workflow bundle (tests build one per run); otherwise the worker bundles at start. */
  TEMPORAL_WORKFLOW_BUNDLE: z.string().trim().min(1).optional(),
  /** Where the Temporal CLI build is cached, shared by every clone on the machine. */
  ONETHING_CACHE_DIR: z.string().trim().min(1).optional(),
  HOME: z.string().optional(),
  XDG_CACHE_HOME: z.string().optional(),
  PATH: z.string().optional(),
  TEMPORAL_DEV_PORT: port(7233),
  TEMPORAL_DEV_HTTP_PORT: port(7243),
  TEMPORAL_DEV_METRICS_PORT: port(7253),
  /** Simulated department systems answer after this delay (demo and tests of a slow department). */
  SIMULATED_DEPARTMENT_DELAY_MS: milliseconds(0),
  /** How long the worker waits before it considers a silent department activity lost. */
  DEPARTMENT_HEARTBEAT_TIMEOUT_MS: milliseconds(10_000),
  OUTBOX_RELAY_INTERVAL_MS: milliseconds(2_000),
});

export type Environment = z.infer<typeof environmentSchema>;

export interface AppConfig {
  env: Environment['NODE_ENV'];
  logLevel: Environment['LOG_LEVEL'];
  api: { host: string; port: number };
  dataDir: string;
  database: { url?: string; schema: string; poolSize: number; embeddedPort: number };
  temporal: {
    address?: string;
    namespace: string;
    taskQueue: string;
    cli?: string;
    workflowBundlePath?: string;
    devServer: { port: number; httpPort: number; metricsPort: number };
  };
  departments: { simulatedDelayMs: number; heartbeatTimeoutMs: number };
  outbox: { relayIntervalMs: number };
  system: { cacheDir: string; searchPath: string[] };
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; expected: string }[]) {
    super(
      'Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: expected ${p.expected}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** The variable names the application reads; the compose-file test checks services against this list. */
export const configVariableNames = Object.keys(environmentSchema.shape) as (keyof Environment)[];

export function loadConfig(source: Record<string, string | undefined>): AppConfig {
  // An empty value means "not set": shells and compose files often export VAR= for optional settings.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0]), expected: issue.message })),
    );
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    api: { host: e.API_HOST, port: e.API_PORT },
    dataDir: e.DATA_DIR,
    database: {
      url: e.DATABASE_URL,
      schema: e.DATABASE_SCHEMA,
      poolSize: e.DATABASE_POOL_SIZE,
      embeddedPort: e.EMBEDDED_POSTGRES_PORT,
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      cli: e.TEMPORAL_CLI,
      workflowBundlePath: e.TEMPORAL_WORKFLOW_BUNDLE,
      devServer: {
        port: e.TEMPORAL_DEV_PORT,
        httpPort: e.TEMPORAL_DEV_HTTP_PORT,
        metricsPort: e.TEMPORAL_DEV_METRICS_PORT,
      },
    },
    departments: {
      simulatedDelayMs: e.SIMULATED_DEPARTMENT_DELAY_MS,
      heartbeatTimeoutMs: e.DEPARTMENT_HEARTBEAT_TIMEOUT_MS,
    },
    outbox: { relayIntervalMs: e.OUTBOX_RELAY_INTERVAL_MS },
    system: {
      cacheDir:
        e.ONETHING_CACHE_DIR ?? join(e.XDG_CACHE_HOME ?? join(e.HOME ?? homedir(), '.cache'), 'onething'),
      searchPath: (e.PATH ?? '').split(delimiter).filter(Boolean),
    },
  };
}

/** The single place that reads the process environment. */
export function loadConfigFromProcess(): AppConfig {
  return loadConfig(process.env);
}
