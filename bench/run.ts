/**
 * `npm run bench`: every throughput figure of issue 16 in one run, each goal MET or MISSED.
 * 1. The case interpreter (`caseWorkflow` running a published five-department all-auto definition) and
 *    the same fan-out written by hand with the same Temporal techniques, side by side on one server.
 * 2. Scale-out: the interpreter with 1 vs 2 worker processes on one task queue.
 * 3. Load through the HTTP API: POST /cases with rising concurrency until throughput stops rising.
 * 4. With BENCH_FULL_SERVER=1 (or BENCH_FULL_TEMPORAL_ADDRESS): the interpreter on the full Temporal
 *    server on PostgreSQL, beside the dev server's figure.
 * Environment and figures: docs/contributing/benchmarks.md.
 *
 * A figure-printing benchmark, not a test: a missed target is reported, never a failing exit code.
 */
import 'reflect-metadata';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { generateSigningJwk } from '@onething/auth';
import { loadConfig } from '@onething/config';
import { catalogValidationContext, validateSubmission, type Definition } from '@onething/definition';
import { DefinitionStore } from '@onething/definition-store';
import { createLogger } from '@onething/logging';
import { CaseDispatcher, PinnedDefinitions } from '@onething/orchestration';
import { dataSourceOptions, migrate, ReadModel } from '@onething/persistence';
import { projectDataConverter } from '@onething/codec';
import { bundleWorkflows, withLatin1Text } from '@onething/temporal';
import { startSimulatedDepartments } from '../apps/departments-sim/src';
import {
  handWrittenRunner,
  interpreterRunner,
  measureBatch,
  runBatch,
  type CaseRunner,
  type CaseSource,
  type Measurement,
} from './cases';
import { approvedApplication } from './cluster-load';
import { BENCH_DEFINITION_KEY, fiveDepartmentDefinition } from './five-departments';
import { givenFullTemporalServer, startFullTemporalServer } from './full-server';
import { onCleanUp, phase, positiveEnv, runBenchmark, say } from './lifecycle';
import { runLoad, startApiProcess } from './load';
import { report, type BenchResults } from './report';
import { combined, sideBySide } from './side-by-side';
import { signInAs } from './support/api-client';
import { startBenchServers } from './support/bench-servers';
import { quietBundlerLogger } from './support/bench-worker';
import type { WorkerVariant } from './worker';
import { startWorker, type BenchWorker } from './worker-process';

const root = resolve(__dirname, '..');
const CASES = positiveEnv('BENCH_CASES', 200);
const WARMUP = positiveEnv('BENCH_WARMUP', 20);
const CONCURRENCY = positiveEnv('BENCH_CONCURRENCY', 20);
const SCALE_CASES = positiveEnv('BENCH_SCALE_CASES', CASES);
const SCALE_CONCURRENCY = positiveEnv('BENCH_SCALE_CONCURRENCY', 2 * CONCURRENCY);
const LOAD_SECONDS = positiveEnv('BENCH_LOAD_SECONDS', 20);
const LOAD_LEVELS = (process.env.BENCH_LOAD_LEVELS ?? '5,10,20,40,80').split(',').map(Number);
const TEMPORAL_PORT = positiveEnv('BENCH_TEMPORAL_PORT', 7933);
const FULL_PORT_BASE = positiveEnv('BENCH_FULL_PORT_BASE', TEMPORAL_PORT + 100);
const FULL_SHARDS = positiveEnv('BENCH_FULL_SHARDS', 4);
const FULL_ADDRESS = process.env.BENCH_FULL_TEMPORAL_ADDRESS;
const PHASES = new Set([
  ...(process.env.BENCH_PHASES ?? 'scale,load').split(',').map((p) => p.trim()),
  ...(process.env.BENCH_FULL_SERVER === '1' || FULL_ADDRESS ? ['full'] : []),
]);
const DATA_DIR = resolve(process.env.BENCH_DATA_DIR ?? join(root, '.data', 'bench'));
const runId = Date.now().toString(36);
if (LOAD_LEVELS.some((level) => !Number.isInteger(level) || level < 1))
  throw new Error('BENCH_LOAD_LEVELS: expected positive whole numbers separated by commas');

// The benchmark's own ports, data directory and schema: it never meets the tests or `npm start`.
const benchEnv: Record<string, string | undefined> = {
  ...process.env,
  DATA_DIR,
  EMBEDDED_POSTGRES_PORT: String(positiveEnv('BENCH_POSTGRES_PORT', 56539)),
  TEMPORAL_DEV_PORT: String(TEMPORAL_PORT),
  TEMPORAL_DEV_HTTP_PORT: String(TEMPORAL_PORT + 10),
  TEMPORAL_DEV_METRICS_PORT: String(TEMPORAL_PORT + 20),
  TEMPORAL_DEV_UI_PORT: '0',
  DATABASE_SCHEMA: `bench_${runId}`,
  LOG_LEVEL: 'warn',
  CONNECTOR_TIMEOUT_MS: '5000',
  // Plain payloads everywhere: the bench's client and the hand-written worker use no codec.
  PAYLOAD_ENCRYPTION_KEYS: '',
};
const config = loadConfig(benchEnv);
const log = createLogger({ level: 'warn', service: 'bench' });

/** What every phase shares: the read model, the definition, the departments, the bundles. */
interface Bench {
  source: CaseSource;
  dataSource: DataSource;
  databaseUrl: string;
  departmentsUrl: string;
  bundles: Record<WorkerVariant, string>;
}

async function main() {
  say(
    `${CASES} cases per variant after ${WARMUP} warm-up, ${CONCURRENCY} in flight; phases: compare,` +
      `${[...PHASES].join(',')}; ${cpus().length} CPUs, Node ${process.version}`,
  );
  // A fresh Temporal store each run: a grown SQLite file would slow whichever variant runs later.
  if (!config.temporal.address) rmSync(join(DATA_DIR, 'temporal'), { recursive: true, force: true });
  const { servers, temporalPid } = await startBenchServers(config, say);
  onCleanUp('servers', () => servers.stop());
  const bench = await phase('Setting up', () => prepare(servers.databaseUrl));
  const { client, dispatcherFor } = await temporalClient(servers.temporalAddress, bench);
  const env = appEnv(bench, servers.temporalAddress);
  const queue = `bench-interpreter-${runId}`;
  const interpreter = await startWorker({
    variant: 'interpreter',
    name: 'interpreter',
    taskQueue: queue,
    env: workerEnv(env, bench.bundles.interpreter),
  });
  const serverPids = () => (temporalPid === undefined ? [] : [temporalPid]);
  const run = interpreterRunner(bench.source, client, dispatcherFor(queue));
  const results: BenchResults = {
    cases: CASES,
    concurrency: CONCURRENCY,
    sideBySide: await phase('Interpreter vs hand-written', () =>
      compare({ bench, client, env, interpreter, run, serverPids }),
    ),
  };
  if (PHASES.has('scale'))
    results.scaleOut = await phase('Scale-out', () =>
      scaleOut(run, interpreter, workerEnv(env, bench.bundles.interpreter), serverPids),
    );
  if (PHASES.has('load'))
    results.load = await phase('Load through the API', () =>
      loadPhase(client, { ...env, TEMPORAL_TASK_QUEUE: queue }, bench),
    );
  await interpreter.stop();
  if (PHASES.has('full')) {
    results.servers = [
      {
        label: config.temporal.address ? 'TEMPORAL_ADDRESS' : 'dev server',
        measurement: combined(results.sideBySide.interpreter.measurements),
      },
      { label: 'full server', measurement: await phase('Full server', () => fullServerPhase(bench)) },
    ];
  }
  process.stdout.write(`${report(results)}\n`);
}

/** The environment of the bench's API and worker processes: its database, Temporal, departments. */
function appEnv(bench: Bench, temporalAddress: string): Record<string, string | undefined> {
  return {
    ...benchEnv,
    DATABASE_URL: bench.databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    CONNECTOR_BASE_URL: bench.departmentsUrl,
  };
}

/**
 * A worker's: its bundle, and errors only — the benchmark's cases have no applicant account, so every
 * ending would warn that its notice has no recipient.
 */
function workerEnv(
  env: Record<string, string | undefined>,
  bundle: string,
): Record<string, string | undefined> {
  return { ...env, TEMPORAL_WORKFLOW_BUNDLE: bundle, LOG_LEVEL: 'error' };
}

/** Phase 1: the interpreter and the hand-written baseline (its own worker, stopped after). */
async function compare(parts: {
  bench: Bench;
  client: Client;
  env: Record<string, string | undefined>;
  interpreter: BenchWorker;
  run: CaseRunner;
  serverPids: () => number[];
}): Promise<BenchResults['sideBySide']> {
  const { bench, client } = parts;
  const taskQueue = `bench-hand-written-${runId}`;
  const handWritten = await startWorker({
    variant: 'hand-written',
    name: 'hand-written',
    taskQueue,
    env: workerEnv(parts.env, bench.bundles['hand-written']),
  });
  const figures = await sideBySide({
    client,
    runners: {
      interpreter: parts.run,
      'hand-written': handWrittenRunner(bench.source, client, {
        taskQueue,
        departmentHeartbeatTimeoutMs: config.departments.heartbeatTimeoutMs,
        connectorTimeoutMs: config.connectors.timeoutMs,
      }),
    },
    workers: { interpreter: parts.interpreter, 'hand-written': handWritten },
    serverPids: parts.serverPids,
    cases: CASES,
    warmup: WARMUP,
    concurrency: CONCURRENCY,
  });
  await handWritten.stop();
  return figures;
}

/** The read model's schema, the published definition, the simulated departments, both bundles. */
async function prepare(databaseUrl: string): Promise<Bench> {
  const dataSource = new DataSource(
    dataSourceOptions({ ...config.database, url: databaseUrl, poolSize: 20 }),
  );
  await dataSource.initialize();
  onCleanUp('database', () => dataSource.destroy());
  const readModel = new ReadModel(dataSource);
  onCleanUp('schema', () => readModel.database.dropSchema(config.database.schema));
  await migrate(dataSource);
  const definition = await new DefinitionStore(dataSource).publishDocument(
    fiveDepartmentDefinition(),
    catalogValidationContext,
  );
  const departments = await startSimulatedDepartments({ host: '127.0.0.1', port: 0 });
  onCleanUp('simulated departments', () => departments.close());
  return {
    source: { readModel, definition, application: benchApplication(definition) },
    dataSource,
    databaseUrl,
    departmentsUrl: departments.url,
    bundles: await buildBundles(),
  };
}

async function temporalClient(address: string, bench: Bench) {
  const connection = await Connection.connect({ address });
  onCleanUp(`Temporal client of ${address}`, () => connection.close());
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: projectDataConverter(config.temporal.payloadKeys),
  });
  const dispatcherFor = (taskQueue: string) =>
    new CaseDispatcher(
      bench.source.readModel,
      client,
      {
        taskQueue,
        departmentHeartbeatTimeoutMs: config.departments.heartbeatTimeoutMs,
        materialGatheringWindowMs: config.departments.materialGatheringWindowMs,
        startDeadlineMs: 5000,
      },
      log,
      new PinnedDefinitions(new DefinitionStore(bench.dataSource)),
    );
  return { client, dispatcherFor };
}

async function buildBundles(): Promise<Record<WorkerVariant, string>> {
  say('Bundling both workflow sets…');
  const bundleDir = join(DATA_DIR, 'bundles');
  mkdirSync(bundleDir, { recursive: true });
  const bundles: Record<WorkerVariant, string> = {
    interpreter: join(bundleDir, 'case-workflows.js'),
    'hand-written': join(bundleDir, 'hand-written-workflow.js'),
  };
  // The product's bundle as the worker gets it, minus webpack's chatter; the baseline in the same text.
  writeFileSync(bundles.interpreter, (await bundleWorkflows(quietBundlerLogger(say))).code);
  const handWritten = await bundleWorkflowCode({
    workflowsPath: join(__dirname, 'hand-written.workflow.ts'),
    logger: quietBundlerLogger(say),
  });
  writeFileSync(bundles['hand-written'], withLatin1Text(handWritten.code));
  return bundles;
}

/** The interpreter alone, then with a second worker process on the same task queue. */
async function scaleOut(
  run: ReturnType<typeof interpreterRunner>,
  first: BenchWorker,
  env: Record<string, string | undefined>,
  serverPids: () => number[],
): Promise<NonNullable<BenchResults['scaleOut']>> {
  const options = { count: SCALE_CASES, concurrency: SCALE_CONCURRENCY, serverPids };
  say(`Scale-out: ${SCALE_CASES} cases with 1 interpreter worker, ${SCALE_CONCURRENCY} in flight…`);
  const one = await measureBatch(run, { ...options, workers: [first] });
  const second = await startWorker({
    variant: 'interpreter',
    name: 'second interpreter',
    taskQueue: first.taskQueue,
    env,
  });
  await runBatch(run, WARMUP, SCALE_CONCURRENCY);
  say(`Scale-out: ${SCALE_CASES} cases with 2 interpreter workers…`);
  const two = await measureBatch(run, { ...options, workers: [first, second] });
  await second.stop();
  return { one, two, concurrency: SCALE_CONCURRENCY };
}

/** The API as its own process, on the interpreter worker's task queue; a demo applicant posts. */
async function loadPhase(client: Client, env: Record<string, string | undefined>, bench: Bench) {
  const api = await startApiProcess({
    ...env,
    AUTH_SIGNING_KEYS: JSON.stringify({ keys: [await generateSigningJwk()] }),
  });
  say(`API ready at ${api.url} (pid ${api.pid})`);
  const applicant = await signInAs(api.url, bench.dataSource, 'applicant');
  const levels = await runLoad({
    api: applicant,
    client,
    body: { definitionKey: BENCH_DEFINITION_KEY, application: approvedApplication() },
    levels: LOAD_LEVELS,
    secondsPerLevel: LOAD_SECONDS,
  });
  await api.stop();
  return levels;
}

/** The interpreter's throughput phase again, on the full Temporal server (started here or given). */
async function fullServerPhase(bench: Bench): Promise<Measurement> {
  const server = FULL_ADDRESS
    ? await givenFullTemporalServer(FULL_ADDRESS, config.temporal.namespace)
    : await startFullTemporalServer({
        dataDir: DATA_DIR,
        portBase: FULL_PORT_BASE,
        historyShards: FULL_SHARDS,
        namespace: config.temporal.namespace,
        cacheDir: config.system.cacheDir,
      });
  const { client, dispatcherFor } = await temporalClient(server.address, bench);
  const taskQueue = `bench-interpreter-full-${runId}`;
  const worker = await startWorker({
    variant: 'interpreter',
    name: 'full-server interpreter',
    taskQueue,
    env: workerEnv(appEnv(bench, server.address), bench.bundles.interpreter),
  });
  const run = interpreterRunner(bench.source, client, dispatcherFor(taskQueue));
  say(`Full server: warming up (${WARMUP} cases), then ${CASES} cases, ${CONCURRENCY} in flight…`);
  await runBatch(run, WARMUP, CONCURRENCY);
  const measurement = await measureBatch(run, {
    count: CASES,
    concurrency: CONCURRENCY,
    workers: [worker],
    serverPids: () => server.pids(),
    serverMemoryPids: () => server.memoryPids(),
  });
  await worker.stop();
  await server.stop();
  return measurement;
}

/** The applicant all five simulated departments approve, normalised like the API's submission validation. */
function benchApplication(definition: Definition): Record<string, unknown> {
  const checked = validateSubmission(definition, approvedApplication(), {
    today: new Date().toISOString().slice(0, 10),
  });
  if (!checked.ok) throw new Error(`bench application invalid: ${JSON.stringify(checked.errors)}`);
  return checked.data;
}

runBenchmark(main);
