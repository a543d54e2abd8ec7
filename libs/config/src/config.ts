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
function jsonObjectOf<T extends z.ZodType>(value: T) {
  return z.string().transform((text, context): Record<string, z.infer<T>> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const checked = z.record(z.string(), value).safeParse(parsed);
    if (!checked.success) {
      context.addIssue({ code: 'custom', message: 'a JSON object of strings, e.g. {"a":"b"}' });
      return z.NEVER;
    }
    return checked.data;
  });
}
/** Chosen from `npm run bench` (docs/operators/production.md has the figures and the trade-off). */
export const WORKER_DEFAULTS = { maxCachedWorkflows: 100 } as const;

const milliseconds = (fallback: number) => z.coerce.number().int().min(0).max(3_600_000).default(fallback);
const connectorAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1) }),
  z.strictObject({
    type: z.literal('api-key'),
    header: z.string().regex(/^[A-Za-z0-9-]+$/, 'an HTTP header name'),
    key: z.string().min(1),
  }),
]);
const connectorEndpointSchema = z.strictObject({
  /** The connector's base URL: checks go to `<url>/check`, prefill lookups to `<url>/lookup`. */
  url: z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL'),
  auth: connectorAuthSchema.optional(),
  timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
  /** Our field name → the department system's name, applied to requests and, reversed, to answers. */
  fieldNames: z.record(z.string().min(1), z.string().min(1)).optional(),
});
export type ConnectorAuthConfig = z.infer<typeof connectorAuthSchema>;
export type ConnectorEndpointConfig = z.infer<typeof connectorEndpointSchema>;
const connectorEndpoints = z.string().transform((text, context): Record<string, ConnectorEndpointConfig> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const checked = z.record(z.string().regex(/^[a-z0-9-]+$/), connectorEndpointSchema).safeParse(parsed);
  if (!checked.success) {
    const where = checked.error.issues[0]?.path.map(String).join('.');
    context.addIssue({
      code: 'custom',
      message: `a JSON object of connector code → {"url", "auth"?, "timeoutMs"?, "fieldNames"?}${where ? ` (problem at ${where})` : ''}`,
    });
    return z.NEVER;
  }
  return checked.data;
});

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
  /** How long to wait for a connection (a new one, or a free one from the pool) before answering 503. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  /** The longest one statement may run (0: no limit); migrations run without it. */
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(15_000),
  /** A session that holds a transaction open and idle this long is ended by PostgreSQL (0: no limit). */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds(60_000),
  EMBEDDED_POSTGRES_PORT: port(54329),
  TEMPORAL_ADDRESS: hostPort,
  TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().trim().min(1).default('onething-cases'),
  /**
   * New cases are refused (503 OVERLOADED with Retry-After) while more than this many workflow and
   * activity tasks wait on the case task queue, as Temporal counts them (0: never refused).
   */
  CASE_ADMISSION_MAX_BACKLOG: z.coerce.number().int().min(0).max(10_000_000).default(5_000),
  /**
   * Workflow runs the worker keeps in memory between their tasks (its sticky cache), on each of its two
   * task queues (cases, and their tasks). A run not kept is
   * replayed from its history when its next task comes; each kept run holds its own copy of the
   * workflow modules (about 1–3 MB), so this bounds what the worker keeps alive however many cases wait.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(WORKER_DEFAULTS.maxCachedWorkflows),
  /** Workflow tasks the worker runs at once (the SDK's default when unset). */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).max(10_000).optional(),
  /** Activities (normal and local, each) the worker runs at once (the SDK's default when unset). */
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(10_000).optional(),
  TEMPORAL_CLI: z.string().trim().min(1).optional(),
  /** The Temporal Web UI operators open a case's workflow in (the operations view links to it); unset: no link. */
  TEMPORAL_WEB_UI_URL: z
    .string()
    .trim()
    .regex(/^https?:\/\/\S+$/, 'an http(s) URL')
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** A prebuilt workflow bundle (tests build one per run); otherwise the worker bundles at start. */
  TEMPORAL_WORKFLOW_BUNDLE: z.string().trim().min(1).optional(),
  /** How long an action carried by a workflow Update (a decision, a withdrawal…) waits for the workflow. */
  WORKFLOW_UPDATE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Payload encryption keys `{current, keys: {id: base64}}`, inline JSON or a file path (required in production). */
  PAYLOAD_ENCRYPTION_KEYS: z.string().trim().min(1).optional(),
  /** Where the Temporal CLI build is cached, shared by every clone on the machine. */
  ONETHING_CACHE_DIR: z.string().trim().min(1).optional(),
  HOME: z.string().optional(),
  XDG_CACHE_HOME: z.string().optional(),
  PATH: z.string().optional(),
  TEMPORAL_DEV_PORT: port(7233),
  TEMPORAL_DEV_HTTP_PORT: port(7243),
  TEMPORAL_DEV_METRICS_PORT: port(7253),
  /**
   * `npm run cluster`: Temporal's history shard count. Fixed for the life of a store (a restore needs the
   * same count); more shards spread the history load over more history processes.
   */
  TEMPORAL_HISTORY_SHARDS: z.coerce.number().int().min(1).max(16_384).default(4),
  /** `npm run cluster`: the first of its internal ports (Temporal services, PostgreSQL, replicas; 60 in all). */
  CLUSTER_PORT_BASE: z.coerce.number().int().min(1024).max(65_475).default(7800),
  /** Simulated department systems answer after this delay (demo and tests of a slow department). */
  SIMULATED_DEPARTMENT_DELAY_MS: milliseconds(0),
  /** How long the worker waits before it considers a silent department activity lost. */
  DEPARTMENT_HEARTBEAT_TIMEOUT_MS: milliseconds(10_000),
  /** How long a case gathers departments' requests for more material before it sends one notice. */
  MATERIAL_GATHERING_WINDOW_MS: milliseconds(10 * 60_000),
  /** Cases continue as new past this many history events (0: only when Temporal suggests it). */
  CASE_CONTINUE_AS_NEW_AFTER_EVENTS: z.coerce.number().int().min(0).max(50_000).default(0),
  /** How often the worker retries notification deliveries a channel failed (0: off). */
  NOTIFICATION_RETRY_INTERVAL_MS: milliseconds(60_000),
  OUTBOX_RELAY_INTERVAL_MS: milliseconds(2_000),
  /** How often the worker hands new outbox events to subscribers and the broker, and sends due webhooks (0: off). */
  EVENT_DISPATCH_INTERVAL_MS: milliseconds(1_000),
  /** Attempts of one webhook delivery before it becomes a dead letter. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(15),
  /** The first retry's delay; each further failure doubles it (with jitter), up to WEBHOOK_BACKOFF_MAX_MS. */
  WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(2_000),
  WEBHOOK_BACKOFF_MAX_MS: z.coerce.number().int().min(1).max(86_400_000).default(3_600_000),
  /** One webhook request's limit; a slower answer is a failed attempt. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** How long a rotated-out signing secret keeps signing beside the new one. */
  WEBHOOK_SECRET_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(86_400),
  /** Whether subscriptions may use plain http:// URLs (default: everywhere but production). */
  WEBHOOK_ALLOW_HTTP: z.enum(['true', 'false']).optional(),
  /** A NATS server: every event is also published to JetStream there. Unset: no broker. */
  EVENTS_NATS_URL: optionalUrl(['nats://', 'tls://']),
  EVENTS_NATS_TOKEN: z.string().trim().min(1).optional(),
  /** The JetStream stream (created when missing) and the subject prefix: `<prefix>.<event type>`. */
  EVENTS_NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a stream name (letters, digits, _ and -)')
    .default('ONETHING_EVENTS'),
  EVENTS_NATS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'subject tokens separated by dots, e.g. onething.events')
    .default('onething.events'),
  /** Department systems reached by code: `<CONNECTOR_BASE_URL>/connectors/<code>` unless listed in CONNECTOR_ENDPOINTS. */
  CONNECTOR_BASE_URL: z
    .string()
    .trim()
    .regex(/^https?:\/\/\S+$/, 'an http(s) URL')
    .transform((url) => url.replace(/\/+$/, ''))
    .default('http://127.0.0.1:3100'),
  /** Bearer token sent to connectors reached through CONNECTOR_BASE_URL; the simulated departments then require it. */
  CONNECTOR_TOKEN: z.string().trim().min(1).optional(),
  /** How long one connector call may take before it counts as a (retryable) transport failure. */
  CONNECTOR_TIMEOUT_MS: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
  /** Per-connector overrides, e.g. {"credit":{"url":"https://credit.example/api","auth":{"type":"bearer","token":"…"}}}. */
  CONNECTOR_ENDPOINTS: connectorEndpoints.optional(),
  DEPARTMENTS_SIM_HOST: z.string().trim().min(1).default('127.0.0.1'),
  DEPARTMENTS_SIM_PORT: port(3100),
  /**
   * Departments the simulator answers from configuration (any connector code, any field names):
   * `{"<code>": {required, rejectWhen, outputs, auth}}`, inline JSON or a file path.
   */
  DEPARTMENTS_SIM_CONFIG: z.string().trim().min(1).optional(),
  /**
   * Private signing keys of access tokens: a JWKS (`{"keys":[...]}`, inline JSON or a file path). The
   * first key signs; every key verifies, so a rotated-out key stays listed until its tokens expire.
   * The API refuses to start without them in production (the worker needs none); development and
   * test generate a throwaway key at start.
   */
  AUTH_SIGNING_KEYS: z.string().trim().min(1).optional(),
  AUTH_ISSUER: z.string().trim().min(1).default('onething'),
  AUTH_AUDIENCE: z.string().trim().min(1).default('onething-api'),
  AUTH_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  AUTH_REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 86_400)
    .default(14 * 86_400),
  /** Login and token requests one address may make per minute. */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Failed logins allowed per account name (per address) before each further attempt waits. */
  AUTH_ACCOUNT_FREE_FAILURES: z.coerce.number().int().min(1).max(1000).default(3),
  AUTH_ADDRESS_FREE_FAILURES: z.coerce.number().int().min(1).max(100_000).default(20),
  /** The first wait after the free failures; it doubles with each further failure. */
  AUTH_FAILURE_DELAY_MS: milliseconds(1_000),
  AUTH_MAX_FAILURE_DELAY_MS: milliseconds(15 * 60_000),
  /** External OpenID Connect provider whose access tokens are accepted (both or neither). */
  OIDC_ISSUER: z.string().trim().min(1).optional(),
  OIDC_JWKS_URL: optionalUrl(['https://', 'http://']),
  OIDC_AUDIENCE: z.string().trim().min(1).optional(),
  OIDC_ROLES_CLAIM: z.string().trim().min(1).default('roles'),
  OIDC_DEPARTMENTS_CLAIM: z.string().trim().min(1).default('departments'),
  OIDC_USERNAME_CLAIM: z.string().trim().min(1).default('preferred_username'),
  /** JSON object mapping the provider's role names to Onething roles, e.g. {"gov-admin":"administrator"}. */
  OIDC_ROLE_MAP: jsonObjectOf(z.string().min(1)).optional(),
  /** JSON object mapping the provider's department names to department codes (unmapped: used as is). */
  OIDC_DEPARTMENT_MAP: jsonObjectOf(z.string().min(1)).optional(),
  /** The largest upload accepted (an attachment field's `maxSizeBytes` may only lower it). */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  /** Content types an upload's bytes may show (comma-separated); a field's `accept` narrows them. */
  UPLOAD_ACCEPTED_TYPES: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((type) => type.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'content types like application/pdf')).min(1))
    .default(['application/pdf', 'image/png', 'image/jpeg']),
  /** Unreferenced uploads one person may hold at once. */
  UPLOAD_MAX_PENDING_PER_ACCOUNT: z.coerce.number().int().min(1).max(10_000).default(50),
  /** How long an upload no case references is kept. */
  UPLOAD_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 86_400)
    .default(7 * 86_400),
  /** How often the API deletes expired unreferenced uploads (0: never; another replica or a job does). */
  UPLOAD_SWEEP_INTERVAL_MS: milliseconds(10 * 60_000),
  /** Where uploads' bytes are kept: files under DATA_DIR/uploads, or an S3-compatible bucket. */
  UPLOAD_STORAGE: z.enum(['filesystem', 's3']).default('filesystem'),
  UPLOAD_S3_BUCKET: z.string().trim().min(1).optional(),
  /** An S3-compatible endpoint (MinIO, Ceph…); AWS's when absent. */
  UPLOAD_S3_ENDPOINT: optionalUrl(['https://', 'http://']),
  UPLOAD_S3_REGION: z.string().trim().min(1).default('us-east-1'),
  UPLOAD_S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
  UPLOAD_S3_SECRET_ACCESS_KEY: z.string().trim().min(1).optional(),
  UPLOAD_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  /** ClamAV's clamd (`host:port`): every upload is scanned before it is stored. Unset: no scanning. */
  CLAMD_ADDRESS: hostPort,
  CLAMD_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /**
   * Private keys that sign result documents: a JWKS (`{"keys":[...]}`, inline JSON or a file path), EdDSA
   * (Ed25519) or ES256. The first signs; every key verifies, so keep a retired key listed as long as
   * documents it signed must verify. Required in production; otherwise a key is generated once into
   * `<DATA_DIR>/keys/result-signing.jwks.json` and kept there.
   */
  RESULT_SIGNING_KEYS: z.string().trim().min(1).optional(),
  /** The font embedded in result PDFs (needs Chinese glyphs); a .ttc collection with RESULT_PDF_FONT_NAME. */
  RESULT_PDF_FONT: z.string().trim().min(1).default('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
  /** The PostScript name of the face to use inside a font collection (.ttc); ignored for .ttf/.otf. */
  RESULT_PDF_FONT_NAME: z.string().trim().min(1).default('NotoSansCJKsc-Regular'),
  /** The address people reach the API at, for the verification link in a result's QR code. */
  PUBLIC_BASE_URL: z
    .string()
    .trim()
    .regex(/^https?:\/\/\S+$/, 'an http(s) URL')
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Public result verifications one address may make per minute. */
  RESULT_VERIFY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** The built web application the API serves at `/` (`npm run build:web`); absent: no web UI. */
  WEB_DIST_DIR: z.string().trim().min(1).optional(),
  /**
   * The session cookies' `Secure` attribute: `auto` sets it when the request came over HTTPS (or
   * PUBLIC_BASE_URL is https); `true` always (behind a TLS-terminating proxy); `false` never.
   */
  SESSION_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** `onething users create-admin` reads the password from here when stdin is a terminal or empty. */
  ONETHING_ADMIN_PASSWORD: z.string().min(1).optional(),
  // ---- operations: metrics, traces, health, the Temporal Web UI ----
  /** Bearer token a Prometheus sends to read `/metrics` (API and worker); unset: loopback callers only. */
  METRICS_TOKEN: z.string().trim().min(16, 'at least 16 characters').optional(),
  /** Where the worker answers `/metrics`, `/health/live` and `/health/ready` (port 0: any free port). */
  WORKER_HTTP_HOST: z.string().trim().min(1).default('127.0.0.1'),
  WORKER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Loopback port the Temporal SDK's own metrics are served on, forwarded in the worker's `/metrics` (0: off). */
  WORKER_SDK_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(3011),
  /** An OTLP/HTTP collector (`http://collector:4318`): traces are sent to its `/v1/traces`. Unset: no traces. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .trim()
    .regex(/^https?:\/\/\S+$/, 'an http(s) URL')
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** The service name on exported spans; `onething-api` / `onething-worker` by default. */
  OTEL_SERVICE_NAME: z.string().trim().min(1).optional(),
  /**
   * Browser origins (comma-separated) allowed to call the codec server with credentials: the Temporal
   * Web UI's. Default: the local Web UI `npm start` serves (http://localhost:<TEMPORAL_DEV_UI_PORT> and
   * http://127.0.0.1:<TEMPORAL_DEV_UI_PORT>).
   */
  CORS_ALLOWED_ORIGINS: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((origin) => origin.trim().replace(/\/+$/, ''))
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'origins like https://temporal.example.org')))
    .optional(),
  /** The Temporal dev server's Web UI (`npm start`); 0: headless. */
  TEMPORAL_DEV_UI_PORT: z.coerce.number().int().min(0).max(65535).default(8233),
});

export type Environment = z.infer<typeof environmentSchema>;

export interface AppConfig {
  env: Environment['NODE_ENV'];
  logLevel: Environment['LOG_LEVEL'];
  api: { host: string; port: number };
  dataDir: string;
  database: {
    url?: string;
    schema: string;
    poolSize: number;
    embeddedPort: number;
    connectTimeoutMs: number;
    statementTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
  };
  temporal: {
    address?: string;
    namespace: string;
    taskQueue: string;
    /** Tasks waiting on the case task queue beyond which new cases are refused (0: never). */
    admissionMaxBacklog: number;
    cli?: string;
    webUiUrl?: string;
    workflowBundlePath?: string;
    payloadKeys?: string;
    updateTimeoutMs: number;
    devServer: { port: number; httpPort: number; metricsPort: number; uiPort: number };
    /** `npm run cluster`'s full Temporal server. */
    cluster: { historyShards: number; portBase: number };
    /** The case worker's settings (libs/temporal/src/worker-options.ts). */
    worker: WorkerSettings;
  };
  departments: { simulatedDelayMs: number; heartbeatTimeoutMs: number; materialGatheringWindowMs: number };
  cases: { continueAsNewAfterEvents: number };
  outbox: { relayIntervalMs: number };
  events: EventsConfig;
  notifications: { retryIntervalMs: number };
  connectors: {
    baseUrl: string;
    token?: string;
    timeoutMs: number;
    endpoints: Record<string, ConnectorEndpointConfig>;
  };
  departmentsSim: { host: string; port: number; simulations?: string };
  observability: ObservabilityConfig;
  uploads: UploadsConfig;
  auth: AuthConfig;
  results: ResultsConfig;
  system: { cacheDir: string; searchPath: string[] };
  web: WebConfig;
}

/** The case worker's settings; unset limits take the SDK's defaults. */
export interface WorkerSettings {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTasks?: number;
  maxConcurrentActivities?: number;
}

export interface WebConfig {
  /** The built single-page application (index.html and assets/). */
  distDir: string;
  cookieSecure: 'auto' | 'always' | 'never';
}

export interface ObservabilityConfig {
  metricsToken?: string;
  worker: { host: string; port: number; sdkMetricsPort: number };
  otlpEndpoint?: string;
  serviceName?: string;
  /** Origins allowed to call the codec server from a browser (the Temporal Web UI). */
  corsAllowedOrigins: string[];
}

export interface UploadsConfig {
  maxBytes: number;
  acceptedTypes: string[];
  maxPendingPerAccount: number;
  ttlSeconds: number;
  sweepIntervalMs: number;
  storage:
    | { kind: 'filesystem'; directory: string }
    | {
        kind: 's3';
        bucket: string;
        endpoint?: string;
        region: string;
        accessKeyId?: string;
        secretAccessKey?: string;
        forcePathStyle: boolean;
      };
  /** Where received bytes wait while they are hashed, typed and scanned. */
  incomingDirectory: string;
  clamd?: { host: string; port: number; timeoutMs: number };
}

export interface EventsConfig {
  /** 0: the worker neither publishes nor delivers (another replica or process does). */
  dispatchIntervalMs: number;
  /** The CloudEvents `source` of every event: the public base URL. */
  source: string;
  webhooks: {
    maxAttempts: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    timeoutMs: number;
    secretGraceMs: number;
    allowHttp: boolean;
  };
  nats?: { url: string; token?: string; stream: string; subjectPrefix: string };
}

export interface ResultsConfig {
  /** Inline JWKS JSON or a file path; undefined: the development key under DATA_DIR (never in production). */
  signingKeys?: string;
  pdfFont: string;
  pdfFontName: string;
  /** Where the verification link in a result's QR code points. */
  publicBaseUrl: string;
  verifyRateLimitPerMinute: number;
}

export interface AuthConfig {
  /** Inline JWKS JSON or a file path; undefined means "generate a throwaway key" (never in production). */
  signingKeys?: string;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  rateLimitPerMinute: number;
  accountFreeFailures: number;
  addressFreeFailures: number;
  failureDelayMs: number;
  maxFailureDelayMs: number;
  oidc?: {
    issuer: string;
    jwksUrl: string;
    audience?: string;
    rolesClaim: string;
    departmentsClaim: string;
    usernameClaim: string;
    roleMap?: Record<string, string>;
    departmentMap?: Record<string, string>;
  };
  bootstrapAdminPassword?: string;
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
  const problems: { variable: string; expected: string }[] = [];
  if (Boolean(e.OIDC_ISSUER) !== Boolean(e.OIDC_JWKS_URL)) {
    problems.push({
      variable: e.OIDC_ISSUER ? 'OIDC_JWKS_URL' : 'OIDC_ISSUER',
      expected: 'OIDC_ISSUER and OIDC_JWKS_URL set together (or neither)',
    });
  }
  if (e.AUTH_ISSUER === e.OIDC_ISSUER) {
    problems.push({ variable: 'OIDC_ISSUER', expected: 'an issuer different from AUTH_ISSUER' });
  }
  if (e.UPLOAD_STORAGE === 's3' && !e.UPLOAD_S3_BUCKET)
    problems.push({ variable: 'UPLOAD_S3_BUCKET', expected: 'a bucket name when UPLOAD_STORAGE=s3' });
  if (e.WEBHOOK_BACKOFF_BASE_MS > e.WEBHOOK_BACKOFF_MAX_MS)
    problems.push({ variable: 'WEBHOOK_BACKOFF_MAX_MS', expected: 'at least WEBHOOK_BACKOFF_BASE_MS' });
  if (problems.length > 0) throw new ConfigError(problems);
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
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      admissionMaxBacklog: e.CASE_ADMISSION_MAX_BACKLOG,
      cli: e.TEMPORAL_CLI,
      webUiUrl: e.TEMPORAL_WEB_UI_URL,
      workflowBundlePath: e.TEMPORAL_WORKFLOW_BUNDLE,
      payloadKeys: e.PAYLOAD_ENCRYPTION_KEYS,
      updateTimeoutMs: e.WORKFLOW_UPDATE_TIMEOUT_MS,
      devServer: {
        port: e.TEMPORAL_DEV_PORT,
        httpPort: e.TEMPORAL_DEV_HTTP_PORT,
        metricsPort: e.TEMPORAL_DEV_METRICS_PORT,
        uiPort: e.TEMPORAL_DEV_UI_PORT,
      },
      cluster: { historyShards: e.TEMPORAL_HISTORY_SHARDS, portBase: e.CLUSTER_PORT_BASE },
      worker: {
        maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
        ...(e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS === undefined
          ? {}
          : { maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS }),
        ...(e.WORKER_MAX_CONCURRENT_ACTIVITIES === undefined
          ? {}
          : { maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES }),
      },
    },
    departments: {
      simulatedDelayMs: e.SIMULATED_DEPARTMENT_DELAY_MS,
      heartbeatTimeoutMs: e.DEPARTMENT_HEARTBEAT_TIMEOUT_MS,
      materialGatheringWindowMs: e.MATERIAL_GATHERING_WINDOW_MS,
    },
    outbox: { relayIntervalMs: e.OUTBOX_RELAY_INTERVAL_MS },
    events: eventsConfig(e),
    notifications: { retryIntervalMs: e.NOTIFICATION_RETRY_INTERVAL_MS },
    cases: { continueAsNewAfterEvents: e.CASE_CONTINUE_AS_NEW_AFTER_EVENTS },
    connectors: {
      baseUrl: e.CONNECTOR_BASE_URL,
      token: e.CONNECTOR_TOKEN,
      timeoutMs: e.CONNECTOR_TIMEOUT_MS,
      endpoints: e.CONNECTOR_ENDPOINTS ?? {},
    },
    departmentsSim: {
      host: e.DEPARTMENTS_SIM_HOST,
      port: e.DEPARTMENTS_SIM_PORT,
      simulations: e.DEPARTMENTS_SIM_CONFIG,
    },
    observability: observabilityConfig(e),
    uploads: uploadsConfig(e),
    auth: {
      signingKeys: e.AUTH_SIGNING_KEYS,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      accessTokenTtlSeconds: e.AUTH_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.AUTH_REFRESH_TOKEN_TTL_SECONDS,
      rateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
      accountFreeFailures: e.AUTH_ACCOUNT_FREE_FAILURES,
      addressFreeFailures: e.AUTH_ADDRESS_FREE_FAILURES,
      failureDelayMs: e.AUTH_FAILURE_DELAY_MS,
      maxFailureDelayMs: e.AUTH_MAX_FAILURE_DELAY_MS,
      oidc:
        e.OIDC_ISSUER && e.OIDC_JWKS_URL
          ? {
              issuer: e.OIDC_ISSUER,
              jwksUrl: e.OIDC_JWKS_URL,
              audience: e.OIDC_AUDIENCE,
              rolesClaim: e.OIDC_ROLES_CLAIM,
              departmentsClaim: e.OIDC_DEPARTMENTS_CLAIM,
              usernameClaim: e.OIDC_USERNAME_CLAIM,
              roleMap: e.OIDC_ROLE_MAP,
              departmentMap: e.OIDC_DEPARTMENT_MAP,
            }
          : undefined,
      bootstrapAdminPassword: e.ONETHING_ADMIN_PASSWORD,
    },
    results: {
      signingKeys: e.RESULT_SIGNING_KEYS,
      pdfFont: e.RESULT_PDF_FONT,
      pdfFontName: e.RESULT_PDF_FONT_NAME,
      publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://${e.API_HOST}:${e.API_PORT}`,
      verifyRateLimitPerMinute: e.RESULT_VERIFY_RATE_LIMIT_PER_MINUTE,
    },
    system: {
      cacheDir:
        e.ONETHING_CACHE_DIR ?? join(e.XDG_CACHE_HOME ?? join(e.HOME ?? homedir(), '.cache'), 'onething'),
      searchPath: (e.PATH ?? '').split(delimiter).filter(Boolean),
    },
    web: {
      distDir: e.WEB_DIST_DIR ?? join(__dirname, '..', '..', '..', 'apps', 'web', 'dist'),
      cookieSecure:
        e.SESSION_COOKIE_SECURE === 'true' ||
        (e.SESSION_COOKIE_SECURE === 'auto' && e.PUBLIC_BASE_URL?.startsWith('https:'))
          ? 'always'
          : e.SESSION_COOKIE_SECURE === 'false'
            ? 'never'
            : 'auto',
    },
  };
}

function observabilityConfig(e: Environment): ObservabilityConfig {
  const localUi = e.TEMPORAL_DEV_UI_PORT
    ? [`http://localhost:${e.TEMPORAL_DEV_UI_PORT}`, `http://127.0.0.1:${e.TEMPORAL_DEV_UI_PORT}`]
    : [];
  return {
    metricsToken: e.METRICS_TOKEN,
    worker: { host: e.WORKER_HTTP_HOST, port: e.WORKER_HTTP_PORT, sdkMetricsPort: e.WORKER_SDK_METRICS_PORT },
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: e.OTEL_SERVICE_NAME,
    corsAllowedOrigins: e.CORS_ALLOWED_ORIGINS ?? localUi,
  };
}

function eventsConfig(e: Environment): EventsConfig {
  return {
    dispatchIntervalMs: e.EVENT_DISPATCH_INTERVAL_MS,
    source: e.PUBLIC_BASE_URL ?? `http://${e.API_HOST}:${e.API_PORT}`,
    webhooks: {
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      backoffBaseMs: e.WEBHOOK_BACKOFF_BASE_MS,
      backoffMaxMs: e.WEBHOOK_BACKOFF_MAX_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      secretGraceMs: e.WEBHOOK_SECRET_GRACE_SECONDS * 1000,
      allowHttp: (e.WEBHOOK_ALLOW_HTTP ?? String(e.NODE_ENV !== 'production')) === 'true',
    },
    nats: e.EVENTS_NATS_URL
      ? {
          url: e.EVENTS_NATS_URL,
          token: e.EVENTS_NATS_TOKEN,
          stream: e.EVENTS_NATS_STREAM,
          subjectPrefix: e.EVENTS_NATS_SUBJECT_PREFIX,
        }
      : undefined,
  };
}

function uploadsConfig(e: Environment): UploadsConfig {
  const [clamdHost, clamdPort] = e.CLAMD_ADDRESS ? e.CLAMD_ADDRESS.split(':') : [];
  return {
    maxBytes: e.UPLOAD_MAX_BYTES,
    acceptedTypes: e.UPLOAD_ACCEPTED_TYPES,
    maxPendingPerAccount: e.UPLOAD_MAX_PENDING_PER_ACCOUNT,
    ttlSeconds: e.UPLOAD_TTL_SECONDS,
    sweepIntervalMs: e.UPLOAD_SWEEP_INTERVAL_MS,
    storage:
      e.UPLOAD_STORAGE === 's3'
        ? {
            kind: 's3',
            bucket: e.UPLOAD_S3_BUCKET!,
            endpoint: e.UPLOAD_S3_ENDPOINT,
            region: e.UPLOAD_S3_REGION,
            accessKeyId: e.UPLOAD_S3_ACCESS_KEY_ID,
            secretAccessKey: e.UPLOAD_S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.UPLOAD_S3_FORCE_PATH_STYLE === 'true',
          }
        : { kind: 'filesystem', directory: join(e.DATA_DIR, 'uploads', 'blobs') },
    incomingDirectory: join(e.DATA_DIR, 'uploads', 'incoming'),
    clamd:
      clamdHost && clamdPort
        ? { host: clamdHost, port: Number(clamdPort), timeoutMs: e.CLAMD_TIMEOUT_MS }
        : undefined,
  };
}

/** The single place that reads the process environment. */
export function loadConfigFromProcess(): AppConfig {
  return loadConfig(process.env);
}
