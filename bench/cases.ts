/**
 * Running benchmark cases straight through Temporal (no HTTP): the API's own transaction and dispatch
 * for the interpreter, a plain workflow start for the hand-written baseline, and measuring a batch of
 * them at a bounded concurrency with the workers' and the Temporal server's CPU and memory.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { caseWorkflowId, type CaseResultSummary } from '@onething/case-model';
import type { Definition } from '@onething/definition';
import { recordSubmittedCase, type CaseDispatcher } from '@onething/orchestration';
import type { ReadModel } from '@onething/persistence';
import { processCpuMs, processRssBytes, sumOver } from './support/process-stats';
import type { HandWrittenInput } from './hand-written.workflow';
import type { BenchWorker } from './worker-process';

export interface Sample {
  workflowId: string;
  latencyMs: number;
  decision: CaseResultSummary['decision'];
}

/** One case from submission to result. */
export type CaseRunner = () => Promise<Sample>;

export interface CaseSource {
  readModel: ReadModel;
  definition: Definition;
  application: Record<string, unknown>;
}

/** The interpreter: exactly what the API does (the submission transaction, then the dispatcher). */
export function interpreterRunner(
  source: CaseSource,
  client: Client,
  dispatcher: CaseDispatcher,
): CaseRunner {
  return async () => {
    const started = performance.now();
    const caseId = randomUUID();
    const event = await submit(source, caseId);
    await dispatcher.dispatch(event, { definition: source.definition, application: source.application });
    return awaitResult(client.workflow.getHandle(caseWorkflowId(caseId)), started);
  };
}

/** The hand-written baseline: the same submission transaction, then its own workflow. */
export function handWrittenRunner(
  source: CaseSource,
  client: Client,
  options: { taskQueue: string } & Omit<HandWrittenInput, 'caseId'>,
): CaseRunner {
  const { taskQueue, ...input } = options;
  return async () => {
    const started = performance.now();
    const caseId = randomUUID();
    const event = await submit(source, caseId);
    const handle = await client.workflow.start('handWrittenCaseWorkflow', {
      workflowId: `bench-hand-${caseId}`,
      taskQueue,
      args: [{ caseId, ...input } satisfies HandWrittenInput],
    });
    await source.readModel.outbox.markDispatched(event.id);
    return awaitResult(handle, started);
  };
}

/** The submission's `case.submitted` event. */
async function submit(source: CaseSource, caseId: string) {
  const { event } = await source.readModel.transaction((tx) =>
    recordSubmittedCase(tx, {
      id: caseId,
      definition: source.definition,
      application: source.application,
      ownership: { applicantAccountId: null, submittedByAccountId: null, submissionConsent: null },
    }),
  );
  return event;
}

async function awaitResult(handle: WorkflowHandle, started: number): Promise<Sample> {
  const result = (await handle.result()) as CaseResultSummary;
  return { workflowId: handle.workflowId, latencyMs: performance.now() - started, decision: result.decision };
}

/** Runs `count` cases with `concurrency` in flight; resolves with their samples in completion order. */
export async function runBatch(run: CaseRunner, count: number, concurrency: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next += 1;
        samples.push(await run());
      }
    }),
  );
  return samples;
}

export interface Measurement {
  samples: Sample[];
  wallMs: number;
  workerCpuMs: number;
  /** CPU of the Temporal server's processes during the batch (undefined when not ours to read). */
  serverCpuMs: number | undefined;
  peakRssBytes: number;
  meanRssBytes: number;
  /** Resident memory of the Temporal server's processes at the end of the batch. */
  serverRssBytes: number | undefined;
}

/** A batch with the figures around it: the workers' CPU and RSS, the Temporal server's CPU. */
export async function measureBatch(
  run: CaseRunner,
  options: {
    count: number;
    concurrency: number;
    workers: BenchWorker[];
    /** The Temporal server's processes, for its CPU (and its memory unless `serverMemoryPids` says). */
    serverPids: () => number[];
    /** Where the server's resident memory is read when not all of `serverPids` (shared buffers counted once). */
    serverMemoryPids?: () => number[];
  },
): Promise<Measurement> {
  const { workers, serverPids } = options;
  const before = await Promise.all(workers.map((w) => w.stats()));
  const serverBefore = cpuByPid(serverPids());
  const started = performance.now();
  const samples = await runBatch(run, options.count, options.concurrency);
  const wallMs = performance.now() - started;
  const after = await Promise.all(workers.map((w) => w.stats()));
  const serverAfter = cpuByPid(serverPids());
  return {
    samples,
    wallMs,
    workerCpuMs: after.reduce((sum, stats, i) => sum + stats.cpuMs - before[i].cpuMs, 0),
    // A process started during the batch (a new database backend) counts whole.
    serverCpuMs:
      serverAfter.size === 0
        ? undefined
        : [...serverAfter].reduce((sum, [pid, ms]) => sum + ms - (serverBefore.get(pid) ?? 0), 0),
    // Several workers: the figure per process (the largest peak, the mean of the means).
    peakRssBytes: Math.max(...after.map((s) => s.peakRssBytes)),
    meanRssBytes: after.reduce((sum, s) => sum + s.meanRssBytes, 0) / after.length,
    serverRssBytes: sumOver((options.serverMemoryPids ?? serverPids)(), processRssBytes),
  };
}

function cpuByPid(pids: number[]): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) cpu.set(pid, ms);
  }
  return cpu;
}

export function throughputOf(m: Pick<Measurement, 'samples' | 'wallMs'>): number {
  return m.samples.length / (m.wallMs / 1000);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}
