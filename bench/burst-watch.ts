import { setTimeout as sleep } from 'node:timers/promises';
import type { BurstProgress, BurstRepository } from './burst.repository';
import type { BenchWorkerProcess } from './support/bench-worker';
import { processRssBytes } from './support/process-memory';

/** One reading of the worker (its own figures, over IPC) and of the Temporal server (/proc). */
export interface MemorySample {
  at: number;
  workerRss: number;
  /** The worker's peak RSS since the previous reading (it samples itself every 100 ms). */
  workerPeak: number;
  workerCpuMs: number;
  temporalRss: number | undefined;
}

const POLL_MS = 2000;

/** Reads the worker's and the Temporal server's memory every two seconds while a phase runs. */
export class MemoryWatch {
  readonly samples: MemorySample[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly worker: BenchWorkerProcess,
    private readonly temporalPid: number | undefined,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.sample().catch(() => undefined), POLL_MS);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** A reading now; undefined once the worker has gone (see `gone`). */
  async sample(): Promise<MemorySample | undefined> {
    if (this.gone()) return undefined;
    const stats = await this.worker.stats().catch(() => undefined);
    if (!stats) return undefined;
    const reading: MemorySample = {
      at: Date.now(),
      workerRss: stats.rssBytes,
      workerPeak: stats.peakRssBytes,
      workerCpuMs: stats.cpuMs,
      temporalRss: processRssBytes(this.temporalPid),
    };
    this.samples.push(reading);
    return reading;
  }

  /** How the worker process ended, when it has (killed for memory, crashed); undefined while it runs. */
  gone(): string | undefined {
    return this.worker.exitStatus();
  }

  /** The worker's highest RSS seen since `at` (ms). */
  workerPeakSince(at: number): number {
    return Math.max(0, ...this.samples.filter((s) => s.at >= at).map((s) => s.workerPeak));
  }

  /**
   * Waits until the worker is idle — under 5% of one CPU over two seconds, so the readings after it are
   * of cases at rest rather than of the last ones finishing — or `limitMs` has passed.
   */
  async quiet(limitMs: number): Promise<void> {
    const until = Date.now() + limitMs;
    let previous = await this.sample();
    while (previous && Date.now() < until) {
      await sleep(POLL_MS);
      const next = await this.sample();
      if (!next || next.workerCpuMs - previous.workerCpuMs < 0.05 * (next.at - previous.at)) return;
      previous = next;
    }
  }
}

export interface ProgressWait {
  progress: BurstProgress;
  /** Why the wait gave up before `done`: nothing moved for the stall limit, or the worker is gone. */
  gaveUp?: string;
}

/**
 * Polls the progress of the cases of `definitionKey` submitted since `since` until `done` says so, or
 * until neither an auto step nor a task moved for `stallMs`, or `hopeless` gives a reason.
 */
export async function waitForProgress(
  repository: BurstRepository,
  window: { definitionKey: string; since: Date },
  done: (progress: BurstProgress) => boolean,
  options: {
    stallMs: number;
    onPoll?: (progress: BurstProgress) => void;
    /** A reason to stop waiting at once (the worker died), or undefined. */
    hopeless?: () => string | undefined;
  },
): Promise<ProgressWait> {
  let lastMoved = Date.now();
  let lastMark = -1;
  for (;;) {
    const progress = await repository.progress(window.definitionKey, window.since);
    options.onPoll?.(progress);
    if (done(progress)) return { progress };
    const hopeless = options.hopeless?.();
    if (hopeless) return { progress, gaveUp: hopeless };
    const mark = progress.autoStepsDone + progress.tasksOpened + progress.cases;
    if (mark !== lastMark) {
      lastMark = mark;
      lastMoved = Date.now();
    } else if (Date.now() - lastMoved > options.stallMs) {
      return { progress, gaveUp: `nothing moved for ${options.stallMs / 1000} s` };
    }
    await sleep(POLL_MS);
  }
}
