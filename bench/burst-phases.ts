import type { Definition } from '@onething/definition';
import {
  bucketWidthMs,
  countPerBucket,
  largestAutoLead,
  maxPerBucket,
  orderDisplacement,
  percentile,
} from './burst-figures';
import { submitBurst, type SubmitOutcome } from './burst-submit';
import { MemoryWatch, waitForProgress, type ProgressWait } from './burst-watch';
import type { BurstProgress, BurstRepository, CaseTimeline } from './burst.repository';
import type { SignedInClient } from './support/api-client';
import type { BenchWorkerProcess } from './support/bench-worker';
import { filesBytes, megabytes } from './support/process-memory';

/** The goal of issue 16 for the worker's memory, with 10,000 open cases and through a burst. */
export const WORKER_RSS_GOAL_BYTES = 500 * 1024 * 1024;
/** Auto steps may run ahead of the tasks by this share of the burst before manual steps count as starved. */
const STARVATION_SHARE = 0.1;

/** What the phases need from the stack bench/burst.ts started. */
export interface BurstStack {
  client: SignedInClient;
  repository: BurstRepository;
  definition: Definition;
  application: Record<string, unknown>;
  schema: string;
  temporalPid: number | undefined;
  temporalStoreFiles: string[];
  /** A fresh worker process of the product (bench/worker.ts `interpreter`) on the API's task queue. */
  startWorker(): Promise<BenchWorkerProcess>;
  stallMs: number;
  say(message: string): void;
}

const verdict = (met: boolean) => (met ? 'MET' : 'MISSED');
const seconds = (ms: number) => (ms / 1000).toFixed(1);

function autoStepsPerCase(definition: Definition): number {
  return definition.steps.filter((step) => step.kind === 'auto').length;
}

/** Runs `measure` with a fresh worker and its memory watch, and stops both after. */
async function withWorker<T>(stack: BurstStack, measure: (watch: MemoryWatch) => Promise<T>): Promise<T> {
  const worker = await stack.startWorker();
  const watch = new MemoryWatch(worker, stack.temporalPid).start();
  try {
    return await measure(watch);
  } finally {
    watch.stop();
    await worker.stop();
  }
}

/**
 * Memory with cases waiting on people: fills up to each of `checkpoints` open cases (their manual task
 * open and left open; auto steps done), waits for the worker to go idle, and reads the worker's RSS, the
 * Temporal server's RSS, and PostgreSQL's and Temporal's store sizes.
 */
export async function measureOpenCases(
  stack: BurstStack,
  checkpoints: number[],
  concurrency: number,
): Promise<string[]> {
  const lines = [
    `open cases waiting on people (${stack.definition.key}: ${autoStepsPerCase(stack.definition)} auto steps + a manual task each, submitted ${concurrency} in flight)`,
    cells(OPEN_CASE_COLUMNS),
  ];
  const window = { definitionKey: stack.definition.key, since: new Date() };
  let last: { open: number; workerRss: number } | undefined;
  await withWorker(stack, async (watch) => {
    let accepted = 0;
    for (const target of checkpoints) {
      const fillStarted = Date.now();
      const outcome = await submitBurst({ ...plan(stack), cases: target - accepted, concurrency });
      accepted += outcome.accepted.length;
      const settled = (p: BurstProgress) =>
        p.tasksOpened >= accepted && p.autoStepsDone >= accepted * autoStepsPerCase(stack.definition);
      const wait = await waitForProgress(stack.repository, window, settled, {
        stallMs: stack.stallMs,
        hopeless: () => watch.gone(),
      });
      await watch.quiet(30_000);
      const now = await watch.sample();
      const open = wait.progress.tasksOpened;
      if (!now) {
        lines.push(`  the worker ended (${watch.gone()}) with ${open} of ${accepted} cases open`);
        break;
      }
      const row =
        cells([
          String(open),
          megabytes(now.workerRss),
          megabytes(watch.workerPeakSince(fillStarted)),
          megabytes(now.temporalRss),
          megabytes(await stack.repository.databaseBytes()),
          megabytes(await stack.repository.schemaBytes(stack.schema)),
          megabytes(filesBytes(stack.temporalStoreFiles)),
          seconds(Date.now() - fillStarted),
        ]) +
        (wait.gaveUp ? `  (${open} of ${accepted} tasks open: ${wait.gaveUp})` : '') +
        submitNote(outcome);
      stack.say(`open cases: ${row.trim()}`);
      lines.push(row);
      last = { open, workerRss: now.workerRss };
    }
  });
  const goalAt = Math.max(...checkpoints);
  lines.push(
    `target worker RSS ≤ 500 MB at ${goalAt} open cases${goalAt < 10_000 ? ' (the goal is set at 10000)' : ''}: ` +
      (last
        ? `${megabytes(last.workerRss)} MB at ${last.open} open — ${verdict(last.workerRss <= WORKER_RSS_GOAL_BYTES && last.open >= goalAt)}`
        : 'no reading — MISSED'),
  );
  return lines;
}

const OPEN_CASE_COLUMNS = [
  'open cases',
  'worker RSS MB',
  'peak filling',
  'Temporal RSS MB',
  'PG database MB',
  'PG schema MB',
  'Temporal store MB',
  'fill s',
];

/** One table row: each value right-aligned under its column of OPEN_CASE_COLUMNS. */
function cells(values: string[]): string {
  return `  ${values.map((value, i) => value.padStart(OPEN_CASE_COLUMNS[i].length)).join('  ')}`;
}

function plan(stack: BurstStack) {
  return { client: stack.client, definitionKey: stack.definition.key, application: stack.application };
}

function submitNote(outcome: SubmitOutcome): string {
  const notes = [
    outcome.overloaded ? `${outcome.overloaded}× 503 OVERLOADED` : '',
    outcome.failed ? `${outcome.failed} submissions failed ${JSON.stringify(outcome.failureStatuses)}` : '',
  ].filter(Boolean);
  return notes.length ? `  (${notes.join(', ')})` : '';
}

interface BurstRun {
  started: number;
  submitted: number;
  outcome: SubmitOutcome;
  wait: ProgressWait;
  timelines: CaseTimeline[];
  memory: MemoryWatch['samples'];
  /** How the worker process ended during the burst, if it did. */
  workerGone: string | undefined;
}

/**
 * A burst that must drain: `cases` submitted through `POST /cases`, `concurrency` in flight, honouring
 * Retry-After; then waits until every accepted case's department task is open (or nothing moves).
 */
export async function measureBurst(stack: BurstStack, cases: number, concurrency: number): Promise<string[]> {
  const run = await withWorker(stack, async (watch): Promise<BurstRun> => {
    const since = new Date();
    const started = Date.now();
    let lastSaid = started;
    const outcome = await submitBurst({ ...plan(stack), cases, concurrency }, (count) => {
      if (Date.now() - lastSaid < 10_000) return;
      lastSaid = Date.now();
      stack.say(`burst: ${count} accepted after ${seconds(lastSaid - started)} s`);
    });
    const submitted = Date.now();
    stack.say(`burst: ${outcome.accepted.length} accepted in ${seconds(submitted - started)} s; draining…`);
    const accepted = outcome.accepted.length;
    const wait = await waitForProgress(
      stack.repository,
      { definitionKey: stack.definition.key, since },
      (p) => p.tasksOpened >= accepted,
      {
        stallMs: stack.stallMs,
        hopeless: () => watch.gone(),
        onPoll: (p) => {
          if (Date.now() - lastSaid < 10_000) return;
          lastSaid = Date.now();
          stack.say(
            `burst: ${p.tasksOpened} of ${accepted} tasks open after ${seconds(lastSaid - started)} s`,
          );
        },
      },
    );
    await watch.sample();
    const timelines = await stack.repository.timelines(outcome.accepted.map((a) => a.caseId));
    return {
      started,
      submitted,
      outcome,
      wait,
      timelines,
      memory: watch.samples,
      workerGone: watch.gone(),
    };
  });
  return burstReport(run, concurrency);
}

function burstReport(run: BurstRun, concurrency: number): string[] {
  const { outcome, started } = run;
  const accepted = outcome.accepted.length;
  const openedAt = new Map(
    run.timelines.filter((t) => t.taskOpenedAt).map((t) => [t.caseId, t.taskOpenedAt!.getTime()]),
  );
  const autoDone = run.timelines.filter((t) => t.autoDoneAt).map((t) => t.autoDoneAt!.getTime());
  const lastOpen = Math.max(started, ...openedAt.values());
  const drainMs = lastOpen - started;
  const allOpen = openedAt.size === accepted && outcome.failed === 0;
  const latencies = outcome.accepted.map((a) => a.latencyMs).sort((a, b) => a - b);
  const order = orderDisplacement(
    outcome.accepted.map((a) => a.caseId),
    openedAt,
  );
  const orderWindow = Math.max(concurrency, Math.ceil(accepted / 100));
  const lead = largestAutoLead(autoDone, [...openedAt.values()]);
  const peak = Math.max(0, ...run.memory.map((s) => s.workerPeak));
  const submitS = (run.submitted - started) / 1000;
  const lines = [
    `burst: ${accepted} cases accepted of ${accepted + outcome.failed}, ${concurrency} submissions in flight`,
    `  submissions accepted/s ${(accepted / submitS).toFixed(1)} (all in ${submitS.toFixed(1)} s; latency p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms)`,
    `  503 OVERLOADED ${outcome.overloaded} (Retry-After honoured, ${outcome.retryAfterSeconds} s waited in all); other retry-later ${outcome.otherRetryLater}; failed ${outcome.failed}${outcome.failed ? ` ${JSON.stringify(outcome.failureStatuses)}` : ''}`,
    allOpen
      ? `  drain time ${seconds(drainMs)} s: every department task open (${(openedAt.size / (drainMs / 1000)).toFixed(1)} tasks/s on average)`
      : `  not drained: ${openedAt.size} of ${accepted} tasks open${run.wait.gaveUp ? ` (${run.wait.gaveUp})` : ''} after ${seconds(Date.now() - started)} s`,
    ...timeline(run, openedAt, autoDone),
    `  order: task-open rank vs submission rank, displacement max ${order.max}, p99 ${order.p99}, mean ${order.mean.toFixed(1)} (over ${order.ranked} tasks)`,
    `  auto vs manual: at worst ${lead} cases (${((100 * lead) / Math.max(1, accepted)).toFixed(1)}%) had their auto steps done but no open task; ${autoDone.length} cases with all auto steps done`,
    `  from acceptance, median (p99): auto steps done ${waitFigure(run, (t) => t.autoDoneAt)} s, task open ${waitFigure(run, (t) => t.taskOpenedAt)} s`,
    `  worker RSS peak ${megabytes(peak)} MB${run.workerGone ? `; the worker ended during the burst (${run.workerGone})` : ''}`,
    `target worker RSS ≤ 500 MB through the burst: peak ${megabytes(peak)} MB — ${verdict(!run.workerGone && peak > 0 && peak <= WORKER_RSS_GOAL_BYTES)}`,
    `target every department task opens: ${openedAt.size} of ${accepted + outcome.failed} submitted — ${verdict(allOpen)}`,
    `target tasks open in submission order (p99 displacement ≤ ${orderWindow}): ${order.p99} — ${verdict(order.p99 <= orderWindow)}`,
    `target manual steps not starved (auto steps ahead by ≤ ${STARVATION_SHARE * 100}% of the burst): ${((100 * lead) / Math.max(1, accepted)).toFixed(1)}% — ${verdict(lead <= STARVATION_SHARE * accepted)}`,
    allOpen
      ? `drain time (reported, no target): ${seconds(drainMs)} s for ${accepted} cases`
      : 'drain time: not drained',
  ];
  return lines;
}

/** Median (p99) seconds from a case's acceptance to the moment `pick` gives, over the cases that reached it. */
function waitFigure(run: BurstRun, pick: (timeline: CaseTimeline) => Date | null): string {
  const acceptedAt = new Map(run.outcome.accepted.map((a) => [a.caseId, a.acceptedAt]));
  const waits = run.timelines
    .filter((t) => pick(t) && acceptedAt.has(t.caseId))
    .map((t) => (pick(t)!.getTime() - acceptedAt.get(t.caseId)!) / 1000)
    .sort((a, b) => a - b);
  return `${percentile(waits, 0.5).toFixed(1)} (${percentile(waits, 0.99).toFixed(1)})`;
}

/** Per time bucket from the first submission: accepted, auto steps done, tasks opened, memory. */
function timeline(run: BurstRun, openedAt: Map<string, number>, autoDone: number[]): string[] {
  const { started } = run;
  // Up to the last submission, auto step or task: the wait's final polls add nothing to the table.
  const end =
    1 +
    Math.max(started, ...run.outcome.accepted.map((a) => a.acceptedAt), ...autoDone, ...openedAt.values());
  const width = bucketWidthMs(end - started);
  const buckets = Math.ceil((end - started) / width);
  const accepted = countPerBucket(
    run.outcome.accepted.map((a) => a.acceptedAt),
    started,
    width,
    buckets,
  );
  const auto = countPerBucket(autoDone, started, width, buckets);
  const tasks = countPerBucket([...openedAt.values()], started, width, buckets);
  const workerPeak = maxPerBucket(
    run.memory.map((s) => ({ at: s.at, value: s.workerPeak })),
    started,
    width,
    buckets,
  );
  const temporal = maxPerBucket(
    run.memory.filter((s) => s.temporalRss !== undefined).map((s) => ({ at: s.at, value: s.temporalRss! })),
    started,
    width,
    buckets,
  );
  const rows = ['      t (s)  accepted  auto done  tasks open  tasks/s  worker RSS MB  Temporal RSS MB'];
  for (let i = 0; i < buckets; i++) {
    const from = (i * width) / 1000;
    rows.push(
      `  ${`${from}–${from + width / 1000}`.padStart(9)}  ${String(accepted[i]).padStart(8)}  ${String(auto[i]).padStart(9)}` +
        `  ${String(tasks[i]).padStart(10)}  ${(tasks[i] / (width / 1000)).toFixed(1).padStart(7)}` +
        `  ${megabytes(workerPeak[i]).padStart(13)}  ${megabytes(temporal[i]).padStart(15)}`,
    );
  }
  return rows;
}
