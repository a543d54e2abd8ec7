/**
 * `npm run bench:burst`: the product under cases that wait on people. Talent-introduction cases (two
 * auto steps and a manual talent-office task each; libs/definition/samples) through the real HTTP API,
 * with the product's worker in its own process (bench/worker.ts `interpreter`):
 *
 * 1. memory with cases waiting on people — filled to each of BENCH_OPEN_CASES open cases, the worker's
 *    RSS, the Temporal server's RSS and PostgreSQL's and Temporal's store sizes;
 * 2. a burst that must drain — BENCH_BURST cases submitted as fast as the API accepts them (Retry-After
 *    honoured, 503s counted), then tasks opened over time, drain time, order, starvation, worker memory.
 *
 * Environment: BENCH_OPEN_CASES ("1000,10000"; "0" skips), BENCH_BURST (10000; 0 skips),
 * BENCH_BURST_CONCURRENCY (100), BENCH_FILL_CONCURRENCY (20), BENCH_STALL_SECONDS (300),
 * BENCH_TEMPORAL_PORT (7983), BENCH_POSTGRES_PORT (56569), BENCH_DATA_DIR (.data/bench-burst).
 * DATABASE_URL / TEMPORAL_ADDRESS: use those servers instead. Product settings (CASE_ADMISSION_MAX_BACKLOG,
 * the worker's) pass through from the environment.
 *
 * A figure-printing benchmark, not a test: a missed target is reported, never a failing exit code.
 */
import 'reflect-metadata';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { generateSigningJwk } from '@onething/auth';
import { loadConfig } from '@onething/config';
import { validateSubmission, type Definition } from '@onething/definition';
import { loadCatalog } from '@onething/definition/node';
import { DefinitionStore } from '@onething/definition-store';
import { createLogger } from '@onething/logging';
import { ReadModel } from '@onething/persistence';
import { createApi } from '../apps/api/src/create-api';
import {
  sampleResidentId,
  simulatedDepartments,
  startSimulatedDepartments,
} from '../apps/departments-sim/src';
import { measureBurst, measureOpenCases, type BurstStack } from './burst-phases';
import { BurstRepository } from './burst.repository';
import { onCleanUp, runBenchmark } from './lifecycle';
import { signInDemo } from './support/api-client';
import { startBenchServers } from './support/bench-servers';
import { startBenchWorker, writeInterpreterBundle } from './support/bench-worker';

const root = resolve(__dirname, '..');
const say = (message: string) => process.stdout.write(`[bench:burst] ${message}\n`);
const whole = (name: string, fallback: number, minimum: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < minimum)
    throw new Error(`${name}: expected a whole number ≥ ${minimum}`);
  return value;
};
const BURST = whole('BENCH_BURST', 10_000, 0);
const OPEN_CASES = (process.env.BENCH_OPEN_CASES ?? '1000,10000')
  .split(',')
  .map((part) => Number(part.trim()))
  .filter((count) => count > 0)
  .sort((a, b) => a - b);
if (OPEN_CASES.some((count) => !Number.isInteger(count))) throw new Error('BENCH_OPEN_CASES: whole numbers');
const BURST_CONCURRENCY = whole('BENCH_BURST_CONCURRENCY', 100, 1);
const FILL_CONCURRENCY = whole('BENCH_FILL_CONCURRENCY', 20, 1);
const STALL_MS = whole('BENCH_STALL_SECONDS', 300, 10) * 1000;
const TEMPORAL_PORT = whole('BENCH_TEMPORAL_PORT', 7983, 1);
const DATA_DIR = resolve(process.env.BENCH_DATA_DIR ?? join(root, '.data', 'bench-burst'));
const DEFINITION_KEY = 'talent-introduction';
const PASSWORD = 'Bench-Password-2026!';

async function main() {
  say(
    `open cases ${OPEN_CASES.join(', ') || 'skipped'} (${FILL_CONCURRENCY} in flight); burst ${BURST || 'skipped'} ` +
      `(${BURST_CONCURRENCY} in flight); ${cpus().length} CPUs, Node ${process.version}`,
  );
  const stack = await startStack();
  const lines: string[] = [];
  if (OPEN_CASES.length > 0) lines.push(...(await measureOpenCases(stack, OPEN_CASES, FILL_CONCURRENCY)), '');
  if (BURST > 0) {
    if (OPEN_CASES.length > 0)
      say(`burst on a fresh worker, with the ${Math.max(...OPEN_CASES)} open cases still waiting`);
    lines.push(...(await measureBurst(stack, BURST, BURST_CONCURRENCY)));
  }
  const load = loadavg().map((value) => value.toFixed(1));
  process.stdout.write(
    `\nbench:burst results (load average ${load.join(' ')} on ${cpus().length} CPUs)\n${lines.join('\n')}\n`,
  );
}

/** Servers, the API in this process, the simulated departments, the sample definition, a signed-in applicant. */
async function startStack(): Promise<BurstStack> {
  const runId = Date.now().toString(36);
  const departments = await startSimulatedDepartments({ host: '127.0.0.1', port: 0 });
  onCleanUp('simulated departments', () => departments.close());
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR,
    EMBEDDED_POSTGRES_PORT: String(whole('BENCH_POSTGRES_PORT', 56569, 1)),
    TEMPORAL_DEV_PORT: String(TEMPORAL_PORT),
    TEMPORAL_DEV_HTTP_PORT: String(TEMPORAL_PORT + 10),
    TEMPORAL_DEV_METRICS_PORT: String(TEMPORAL_PORT + 20),
    TEMPORAL_DEV_UI_PORT: '0',
    DATABASE_SCHEMA: `bench_burst_${runId}`,
    TEMPORAL_TASK_QUEUE: `bench-burst-${runId}`,
    LOG_LEVEL: 'warn',
    CONNECTOR_TIMEOUT_MS: '5000',
    CONNECTOR_BASE_URL: departments.url,
    AUTH_SIGNING_KEYS: JSON.stringify({ keys: [await generateSigningJwk()] }),
  };
  const config = loadConfig(env);
  const external = Boolean(config.temporal.address);
  // A fresh Temporal store each run: its size is one of the figures.
  if (!external) rmSync(join(DATA_DIR, 'temporal'), { recursive: true, force: true });
  const { servers, temporalPid } = await startBenchServers(config, say);
  onCleanUp('servers', () => servers.stop());
  // Errors only: every 503 OVERLOADED of a burst would be a warning line.
  const api = await createApi(config, createLogger({ level: 'error', service: 'bench-burst' }), servers);
  onCleanUp('API', () => api.close());
  await api.listen(0, '127.0.0.1');
  const { port } = api.getHttpServer().address() as { port: number };
  const dataSource = api.get(DataSource);
  onCleanUp('schema', () => new ReadModel(dataSource).database.dropSchema(config.database.schema));
  const definition = await publishSample(dataSource);
  const client = await signInDemo(`http://127.0.0.1:${port}`, dataSource, 'applicant', PASSWORD);

  say('Bundling the case workflows…');
  mkdirSync(join(DATA_DIR, 'bundles'), { recursive: true });
  const bundle = join(DATA_DIR, 'bundles', 'burst-case-workflows.js');
  await writeInterpreterBundle(bundle, say);
  const workerEnv = {
    ...env,
    DATABASE_URL: servers.databaseUrl,
    TEMPORAL_ADDRESS: servers.temporalAddress,
    TEMPORAL_WORKFLOW_BUNDLE: bundle,
  };
  const store = join(DATA_DIR, 'temporal', 'temporal.sqlite');
  return {
    client,
    repository: new BurstRepository(dataSource.manager),
    definition,
    application: approvedApplication(definition),
    schema: config.database.schema,
    temporalPid,
    temporalStoreFiles: external ? [] : [store, `${store}-wal`, `${store}-shm`],
    startWorker: async () => {
      const worker = await startBenchWorker('interpreter', workerEnv);
      onCleanUp('worker', () => worker.stop());
      say(`worker ready (pid ${worker.pid})`);
      return worker;
    },
    stallMs: STALL_MS,
    say,
  };
}

/** The talent-introduction sample, published as the catalog ships it (a second run finds it stored). */
async function publishSample(dataSource: DataSource): Promise<Definition> {
  const entry = loadCatalog().find((candidate) => candidate.definition.key === DEFINITION_KEY);
  if (!entry) throw new Error(`sample ${DEFINITION_KEY} not found`);
  await new DefinitionStore(dataSource).seedPublished([entry]);
  return entry.definition;
}

/**
 * An applicant every auto step's simulated department approves (the simulator's own rules decide), so
 * each case ends up waiting on its manual task alone.
 */
function approvedApplication(definition: Definition): Record<string, unknown> {
  for (let digit = 1; digit <= 8; digit += 1) {
    const candidate: Record<string, unknown> = {
      fullName: '张三',
      residentId: sampleResidentId({ sequenceDigit: digit }),
      mobile: '13800138000',
      talentCategory: 'b',
      employer: '基准测试科技有限公司',
      monthsOfContributions: 36,
    };
    const approved = definition.steps.every((step) => {
      if (step.kind !== 'auto') return true;
      const fields = step.contract.map((entry) => (typeof entry === 'string' ? entry : entry.field));
      const department = simulatedDepartments[step.connector ?? ''];
      const data = Object.fromEntries(fields.map((field) => [field, candidate[field]]));
      return department?.check(data).decision === 'approved';
    });
    if (!approved) continue;
    const checked = validateSubmission(definition, candidate, {
      today: new Date().toISOString().slice(0, 10),
    });
    if (!checked.ok) throw new Error(`bench application invalid: ${JSON.stringify(checked.errors)}`);
    return candidate;
  }
  throw new Error('no applicant every auto step approves');
}

runBenchmark(main, say);
