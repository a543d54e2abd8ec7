/**
 * `npm run bench`: the case interpreter (`caseWorkflow` running a published five-department all-auto
 * definition) against the same fan-out written by hand as a minimal Temporal workflow, side by side on
 * one Temporal server and one PostgreSQL. Prints throughput, submit-to-result latency, history events per
 * case, worker RSS and CPU, Temporal server CPU, and the ratios interpreter ÷ hand-written.
 *
 * Environment: BENCH_CASES (default 200 per variant), BENCH_WARMUP (20), BENCH_CONCURRENCY (20),
 * BENCH_TEMPORAL_PORT (7933), BENCH_POSTGRES_PORT (56539), BENCH_DATA_DIR (.data/bench).
 * DATABASE_URL / TEMPORAL_ADDRESS: use those servers instead of starting embedded ones.
 *
 * A figure-printing benchmark, not a test: a missed target is reported, never a failing exit code.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { loadConfig } from '@onething/config';
import { catalogValidationContext, validateSubmission, type Definition } from '@onething/definition';
import { DefinitionStore } from '@onething/definition-store';
import { ensureLocalServers, type LocalServers } from '@onething/devservers';
import { createLogger } from '@onething/logging';
import { CaseDispatcher, PinnedDefinitions, recordSubmittedCase } from '@onething/orchestration';
import { dataSourceOptions, migrate, ReadModel } from '@onething/persistence';
import { projectDataConverter } from '@onething/codec';
import { workflowBundleOptions } from '@onething/temporal';
import { caseWorkflowId, type CaseResultSummary } from '@onething/case-model';
import {
  sampleResidentId,
  simulatedDepartments,
  startSimulatedDepartments,
  type SimulatedDepartments,
} from '../apps/departments-sim/src';
import { fiveDepartmentDefinition, fiveDepartmentSteps } from './five-departments';
import type { WorkerStats, WorkerVariant } from './worker';

const root = resolve(__dirname, '..');
const say = (message: string) => process.stdout.write(`[bench] ${message}\n`);

const positive = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a positive whole number`);
  return value;
};
const CASES = positive('BENCH_CASES', 200);
const WARMUP = positive('BENCH_WARMUP', 20);
const CONCURRENCY = positive('BENCH_CONCURRENCY', 20);
const TEMPORAL_PORT = positive('BENCH_TEMPORAL_PORT', 7933);
const DATA_DIR = resolve(process.env.BENCH_DATA_DIR ?? join(root, '.data', 'bench'));
const runId = Date.now().toString(36);

// The benchmark's own ports, data directory and schema: it never meets the tests or `npm start`.
const benchEnv: Record<string, string | undefined> = {
  ...process.env,
  DATA_DIR,
  EMBEDDED_POSTGRES_PORT: String(positive('BENCH_POSTGRES_PORT', 56539)),
  TEMPORAL_DEV_PORT: String(TEMPORAL_PORT),
  TEMPORAL_DEV_HTTP_PORT: String(TEMPORAL_PORT + 10),
  TEMPORAL_DEV_METRICS_PORT: String(TEMPORAL_PORT + 20),
  TEMPORAL_DEV_UI_PORT: '0',
  DATABASE_SCHEMA: `bench_${runId}`,
  LOG_LEVEL: 'warn',
  CONNECTOR_TIMEOUT_MS: '5000',
  // Plain payloads for both variants: the bench's client and the hand-written worker use no codec.
  PAYLOAD_ENCRYPTION_KEYS: '',
};
const config = loadConfig(benchEnv);
const log = createLogger({ level: 'warn', service: 'bench' });

interface Sample {
  workflowId: string;
  latencyMs: number;
  decision: CaseResultSummary['decision'];
}

interface VariantFigures {
  samples: Sample[];
  wallMs: number;
  workerCpuMs: number;
  serverCpuMs: number | undefined;
  peakRssBytes: number;
  meanRss: number[];
  historyEvents: number[];
  historyBytes: number[];
  eventTypes: Record<string, number>;
}

interface BenchWorker {
  variant: WorkerVariant;
  taskQueue: string;
  child: ChildProcess;
  stats(): Promise<WorkerStats>;
  stop(): Promise<void>;
}

// Everything this run started, stopped in reverse order at the end (or on Ctrl-C).
const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const { name, run } of cleanups.reverse()) {
      await run().catch((error: Error) => say(`stopping ${name} failed: ${error.message}`));
    }
  })();
  return cleaning;
}

async function main() {
  say(
    `${CASES} cases per variant after ${WARMUP} warm-up, concurrency ${CONCURRENCY}; ` +
      `${cpus().length} CPUs, Node ${process.version}`,
  );
  const external = Boolean(config.temporal.address);
  if (!external) {
    // A fresh Temporal store each run: a grown SQLite file would slow whichever variant runs later.
    rmSync(join(DATA_DIR, 'temporal'), { recursive: true, force: true });
  }
  let temporalPid: number | undefined;
  const servers: LocalServers = await ensureLocalServers(config, (message) => {
    const pid = /Temporal dev server ready .*\(pid (\d+)/.exec(message);
    if (pid) temporalPid = Number(pid[1]);
    say(message);
  });
  cleanups.push({ name: 'servers', run: () => servers.stop() });

  const dataSource = new DataSource(
    dataSourceOptions({ ...config.database, url: servers.databaseUrl, poolSize: 20 }),
  );
  await dataSource.initialize();
  cleanups.push({ name: 'database', run: () => dataSource.destroy() });
  const readModel = new ReadModel(dataSource);
  cleanups.push({ name: 'schema', run: () => readModel.database.dropSchema(config.database.schema) });
  await migrate(dataSource);
  const store = new DefinitionStore(dataSource);
  const definition = await publishBenchDefinition(store);
  const application = benchApplication(definition);

  const departments: SimulatedDepartments = await startSimulatedDepartments({ host: '127.0.0.1', port: 0 });
  cleanups.push({ name: 'simulated departments', run: () => departments.close() });

  const connection = await Connection.connect({ address: servers.temporalAddress });
  cleanups.push({ name: 'Temporal client', run: () => connection.close() });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: projectDataConverter(config.temporal.payloadKeys),
  });

  say('Bundling both workflow sets…');
  const bundleDir = join(DATA_DIR, 'bundles');
  mkdirSync(bundleDir, { recursive: true });
  const bundles: Record<WorkerVariant, string> = {
    interpreter: join(bundleDir, 'case-workflows.js'),
    'hand-written': join(bundleDir, 'hand-written-workflow.js'),
  };
  // The product's bundle exactly as `bundleWorkflows()` builds it, minus webpack's chatter.
  writeFileSync(
    bundles.interpreter,
    (await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietBundlerLogger })).code,
  );
  writeFileSync(
    bundles['hand-written'],
    (
      await bundleWorkflowCode({
        workflowsPath: join(__dirname, 'hand-written.workflow.ts'),
        logger: quietBundlerLogger,
      })
    ).code,
  );

  const workerEnv = {
    ...benchEnv,
    DATABASE_URL: servers.databaseUrl,
    TEMPORAL_ADDRESS: servers.temporalAddress,
    CONNECTOR_BASE_URL: departments.url,
  };
  const workers = await Promise.all(
    (['interpreter', 'hand-written'] as const).map((variant) =>
      startWorker(variant, { ...workerEnv, TEMPORAL_WORKFLOW_BUNDLE: bundles[variant] }),
    ),
  );
  const byVariant = Object.fromEntries(workers.map((w) => [w.variant, w])) as Record<
    WorkerVariant,
    BenchWorker
  >;

  const dispatcher = new CaseDispatcher(
    readModel,
    client,
    {
      taskQueue: byVariant.interpreter.taskQueue,
      departmentHeartbeatTimeoutMs: config.departments.heartbeatTimeoutMs,
      materialGatheringWindowMs: config.departments.materialGatheringWindowMs,
      startDeadlineMs: 5000,
    },
    log,
    new PinnedDefinitions(store),
  );

  /** Submit-to-result of one case: the API's transaction, the workflow start, the workflow's result. */
  const runCase = async (variant: WorkerVariant): Promise<Sample> => {
    const started = performance.now();
    const caseId = randomUUID();
    const event = await readModel.transaction((tx) =>
      recordSubmittedCase(tx, {
        id: caseId,
        definition,
        application,
        ownership: { applicantAccountId: null, submittedByAccountId: null, submissionConsent: null },
      }),
    );
    let handle: WorkflowHandle;
    if (variant === 'interpreter') {
      // Exactly what the API does after its transaction commits.
      await dispatcher.dispatch(event, { definition, application });
      handle = client.workflow.getHandle(caseWorkflowId(caseId));
    } else {
      handle = await client.workflow.start('handWrittenCaseWorkflow', {
        workflowId: `bench-hand-${caseId}`,
        taskQueue: byVariant['hand-written'].taskQueue,
        args: [{ caseId, departmentHeartbeatTimeoutMs: config.departments.heartbeatTimeoutMs }],
      });
      await readModel.outbox.markDispatched(event.id);
    }
    const result = (await handle.result()) as CaseResultSummary;
    return {
      workflowId: handle.workflowId,
      latencyMs: performance.now() - started,
      decision: result.decision,
    };
  };

  const runBatch = async (variant: WorkerVariant, count: number): Promise<Sample[]> => {
    const samples: Sample[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, count) }, async () => {
        while (next < count) {
          next += 1;
          samples.push(await runCase(variant));
        }
      }),
    );
    return samples;
  };

  say(`Warming up (${WARMUP} cases each)…`);
  for (const variant of ['interpreter', 'hand-written'] as const) await runBatch(variant, WARMUP);

  const figures: Record<WorkerVariant, VariantFigures> = {
    interpreter: emptyFigures(),
    'hand-written': emptyFigures(),
  };
  // ABBA: each variant runs half its cases early and half late, so neither gains from running first.
  const firstHalf = Math.ceil(CASES / 2);
  const phases: [WorkerVariant, number][] = [
    ['interpreter', firstHalf],
    ['hand-written', firstHalf],
    ['hand-written', CASES - firstHalf],
    ['interpreter', CASES - firstHalf],
  ];
  for (const [variant, count] of phases) {
    if (count === 0) continue;
    say(`Measuring ${variant}: ${count} cases…`);
    const worker = byVariant[variant];
    const before = await worker.stats();
    const serverBefore = processCpuMs(temporalPid);
    const started = performance.now();
    const samples = await runBatch(variant, count);
    const wallMs = performance.now() - started;
    const after = await worker.stats();
    const serverAfter = processCpuMs(temporalPid);
    const f = figures[variant];
    f.samples.push(...samples);
    f.wallMs += wallMs;
    f.workerCpuMs += after.cpuMs - before.cpuMs;
    if (serverBefore !== undefined && serverAfter !== undefined) {
      f.serverCpuMs = (f.serverCpuMs ?? 0) + serverAfter - serverBefore;
    }
    f.peakRssBytes = Math.max(f.peakRssBytes, after.peakRssBytes);
    f.meanRss.push(after.meanRssBytes);
  }

  say('Reading histories…');
  for (const variant of ['interpreter', 'hand-written'] as const) {
    const f = figures[variant];
    const ids = f.samples.map((s) => s.workflowId);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ids.length) {
          const id = ids[next++];
          const history = await client.workflow.getHandle(id).fetchHistory();
          const events = history.events ?? [];
          f.historyEvents.push(events.length);
          f.historyBytes.push(temporal.api.history.v1.History.encode(history).finish().length);
          if (id === ids[0]) {
            for (const e of events) {
              const name = temporal.api.enums.v1.EventType[e.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '');
              f.eventTypes[name ?? 'UNKNOWN'] = (f.eventTypes[name ?? 'UNKNOWN'] ?? 0) + 1;
            }
          }
        }
      }),
    );
  }

  for (const worker of workers) await worker.stop();
  printReport(figures, temporalPid !== undefined);
}

/** The five-department definition, validated and published (a second run finds it stored). */
async function publishBenchDefinition(store: DefinitionStore): Promise<Definition> {
  return store.publishDocument(fiveDepartmentDefinition(), catalogValidationContext);
}

function emptyFigures(): VariantFigures {
  return {
    samples: [],
    wallMs: 0,
    workerCpuMs: 0,
    serverCpuMs: undefined,
    peakRssBytes: 0,
    meanRss: [],
    historyEvents: [],
    historyBytes: [],
    eventTypes: {},
  };
}

/**
 * An applicant every one of the five simulated departments approves: a valid resident ID whose
 * sequence digit is not 9 (property) and whose last character is neither 3 (tax) nor 4 (credit).
 * Checked against the simulator's own rules and normalised like the API's submission validation.
 */
function benchApplication(definition: Definition): Record<string, unknown> {
  for (let digit = 1; digit <= 8; digit += 1) {
    const candidate = {
      fullName: '张三',
      residentId: sampleResidentId({ sequenceDigit: digit }),
      monthsOfContributions: 36,
      companyName: '基准测试科技有限公司',
    };
    const allApprove = fiveDepartmentSteps.every((step) => {
      const data = Object.fromEntries(step.contract.map((field) => [field, candidate[field]]));
      return simulatedDepartments[step.connector].check(data).decision === 'approved';
    });
    if (!allApprove) continue;
    const checked = validateSubmission(definition, candidate, {
      today: new Date().toISOString().slice(0, 10),
    });
    if (!checked.ok) throw new Error(`bench application invalid: ${JSON.stringify(checked.errors)}`);
    return checked.data;
  }
  throw new Error('no applicant that all five simulated departments approve');
}

async function startWorker(
  variant: WorkerVariant,
  env: Record<string, string | undefined>,
): Promise<BenchWorker> {
  const taskQueue = `bench-${variant}-${runId}`;
  const child = fork(join(__dirname, 'worker.ts'), [variant], {
    execArgv: ['-r', join(root, 'tools', 'register.js')],
    env: { ...env, TEMPORAL_TASK_QUEUE: taskQueue },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  cleanups.push({ name: `${variant} worker`, run: stop });
  await new Promise<void>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`${variant} worker not ready within 180 s`)), 180_000);
    child.once('message', (message: { type?: string }) => {
      clearTimeout(timer);
      if (message.type === 'ready') ready();
      else failed(new Error(`${variant} worker said ${JSON.stringify(message)}`));
    });
    child.once('exit', (code) => failed(new Error(`${variant} worker exited early (code ${code})`)));
  });
  say(`${variant} worker ready (pid ${child.pid}, task queue ${taskQueue})`);
  return {
    variant,
    taskQueue,
    child,
    stats: () =>
      new Promise<WorkerStats>((answer) => {
        child.once('message', (message: WorkerStats) => answer(message));
        child.send({ type: 'stats' });
      }),
    stop,
  };
}

/** User + system CPU time of a process, from /proc (Linux); undefined elsewhere or when not ours. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted after the command name, in clock ticks (100 Hz).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => say(`bundler: ${message}`),
  error: (message: string) => say(`bundler: ${message}`),
  log: () => undefined,
};

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function printReport(figures: Record<WorkerVariant, VariantFigures>, serverCpuKnown: boolean) {
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const summary = (f: VariantFigures) => {
    const latencies = f.samples.map((s) => s.latencyMs).sort((a, b) => a - b);
    const n = f.samples.length;
    return {
      throughput: n / (f.wallMs / 1000),
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      events: mean(f.historyEvents),
      historyKb: mean(f.historyBytes) / 1024,
      peakRss: mb(f.peakRssBytes),
      meanRss: mb(mean(f.meanRss)),
      workerCpu: f.workerCpuMs / n,
      serverCpu: f.serverCpuMs === undefined ? Number.NaN : f.serverCpuMs / n,
      notApproved: f.samples.filter((s) => s.decision !== 'approved').length,
    };
  };
  const a = summary(figures.interpreter);
  const b = summary(figures['hand-written']);
  const rows: [string, keyof typeof a, number][] = [
    ['throughput (cases/s)', 'throughput', 1],
    ['latency p50 (ms)', 'p50', 0],
    ['latency p99 (ms)', 'p99', 0],
    ['history events / case', 'events', 1],
    ['history size / case (KB)', 'historyKb', 1],
    ['worker RSS peak (MB)', 'peakRss', 0],
    ['worker RSS mean (MB)', 'meanRss', 0],
    ['worker CPU / case (ms)', 'workerCpu', 1],
    ...(serverCpuKnown
      ? [['Temporal server CPU / case (ms)', 'serverCpu', 1] as [string, keyof typeof a, number]]
      : []),
  ];
  const out: string[] = [];
  out.push('');
  out.push(`${CASES} cases per variant, concurrency ${CONCURRENCY}, submit-to-result latency`);
  out.push(
    `${''.padEnd(32)}${'interpreter'.padStart(13)}${'hand-written'.padStart(14)}${'ratio'.padStart(9)}`,
  );
  for (const [label, key, digits] of rows) {
    const ratio = a[key] / b[key];
    out.push(
      `${label.padEnd(32)}${a[key].toFixed(digits).padStart(13)}${b[key].toFixed(digits).padStart(14)}` +
        `${(Number.isFinite(ratio) ? ratio.toFixed(2) + '×' : '—').padStart(9)}`,
    );
  }
  const throughputRatio = a.throughput / b.throughput;
  const eventsRatio = a.events / b.events;
  out.push('');
  out.push(
    `target throughput ≥ 0.80× hand-written: ${throughputRatio.toFixed(2)}× — ${throughputRatio >= 0.8 ? 'MET' : 'MISSED'}`,
  );
  out.push(
    `target history events ≤ 1.20× hand-written: ${eventsRatio.toFixed(2)}× — ${eventsRatio <= 1.2 ? 'MET' : 'MISSED'}`,
  );
  for (const [variant, s] of [
    ['interpreter', a],
    ['hand-written', b],
  ] as const) {
    if (s.notApproved > 0) out.push(`warning: ${s.notApproved} ${variant} cases did not end approved`);
  }
  out.push('');
  out.push('history of one case, events by type (interpreter / hand-written):');
  const types = [
    ...new Set([
      ...Object.keys(figures.interpreter.eventTypes),
      ...Object.keys(figures['hand-written'].eventTypes),
    ]),
  ];
  for (const type of types) {
    out.push(
      `  ${type.padEnd(44)}${String(figures.interpreter.eventTypes[type] ?? 0).padStart(4)}` +
        `${String(figures['hand-written'].eventTypes[type] ?? 0).padStart(6)}`,
    );
  }
  process.stdout.write(out.join('\n') + '\n');
}

process.once('SIGINT', () => {
  say('Interrupted; stopping what was started…');
  void cleanUp().then(() => process.exit(130));
});

main()
  .catch((error: unknown) => {
    say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanUp();
    // The Temporal native runtime and the pg pool may keep handles alive; everything is stopped by now.
    process.exit(process.exitCode ?? 0);
  });
