/**
 * Phase 1 of `npm run bench`: the interpreter and the hand-written baseline side by side on one server,
 * interleaved interpreter / hand-written / hand-written / interpreter after a warm-up, then each case's
 * history read back (events and bytes per case, one case's events by type).
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { measureBatch, runBatch, type CaseRunner, type Measurement } from './cases';
import { say } from './lifecycle';
import type { WorkerVariant } from './worker';
import type { BenchWorker } from './worker-process';

export interface VariantFigures {
  measurements: Measurement[];
  historyEvents: number[];
  historyBytes: number[];
  eventTypes: Record<string, number>;
}

export interface SideBySideOptions {
  client: Client;
  runners: Record<WorkerVariant, CaseRunner>;
  workers: Record<WorkerVariant, BenchWorker>;
  serverPids: () => number[];
  cases: number;
  warmup: number;
  concurrency: number;
}

export async function sideBySide(options: SideBySideOptions): Promise<Record<WorkerVariant, VariantFigures>> {
  const { runners, workers, cases, concurrency } = options;
  say(`Warming up (${options.warmup} cases each)…`);
  for (const variant of ['interpreter', 'hand-written'] as const)
    await runBatch(runners[variant], options.warmup, concurrency);
  const figures: Record<WorkerVariant, VariantFigures> = {
    interpreter: emptyFigures(),
    'hand-written': emptyFigures(),
  };
  // ABBA: each variant runs half its cases early and half late, so neither gains from running first.
  const firstHalf = Math.ceil(cases / 2);
  const phases: [WorkerVariant, number][] = [
    ['interpreter', firstHalf],
    ['hand-written', firstHalf],
    ['hand-written', cases - firstHalf],
    ['interpreter', cases - firstHalf],
  ];
  for (const [variant, count] of phases) {
    if (count === 0) continue;
    say(`Measuring ${variant}: ${count} cases…`);
    figures[variant].measurements.push(
      await measureBatch(runners[variant], {
        count,
        concurrency,
        workers: [workers[variant]],
        serverPids: options.serverPids,
      }),
    );
  }
  say('Reading histories…');
  for (const variant of ['interpreter', 'hand-written'] as const)
    await readHistories(options.client, figures[variant], concurrency);
  return figures;
}

function emptyFigures(): VariantFigures {
  return { measurements: [], historyEvents: [], historyBytes: [], eventTypes: {} };
}

async function readHistories(client: Client, f: VariantFigures, concurrency: number): Promise<void> {
  const ids = f.measurements.flatMap((m) => m.samples.map((s) => s.workflowId));
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const history = await client.workflow.getHandle(id).fetchHistory();
        const events = history.events ?? [];
        f.historyEvents.push(events.length);
        f.historyBytes.push(temporal.api.history.v1.History.encode(history).finish().length);
        if (id !== ids[0]) continue;
        for (const e of events) {
          const name =
            temporal.api.enums.v1.EventType[e.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '') ?? 'UNKNOWN';
          f.eventTypes[name] = (f.eventTypes[name] ?? 0) + 1;
        }
      }
    }),
  );
}

/** The measurements of one variant taken together (samples, time and CPU summed; peaks the largest). */
export function combined(measurements: Measurement[]): Measurement {
  const serverCpu = measurements.map((m) => m.serverCpuMs);
  return {
    samples: measurements.flatMap((m) => m.samples),
    wallMs: measurements.reduce((sum, m) => sum + m.wallMs, 0),
    workerCpuMs: measurements.reduce((sum, m) => sum + m.workerCpuMs, 0),
    serverCpuMs: serverCpu.includes(undefined)
      ? undefined
      : serverCpu.reduce((sum = 0, ms = 0) => sum + ms, 0),
    peakRssBytes: Math.max(...measurements.map((m) => m.peakRssBytes)),
    meanRssBytes: measurements.reduce((sum, m) => sum + m.meanRssBytes, 0) / measurements.length,
    serverRssBytes: measurements.at(-1)?.serverRssBytes,
  };
}
