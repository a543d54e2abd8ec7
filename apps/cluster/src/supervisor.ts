import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, renameSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

/** One supervised process: how to run it and how to tell that it serves. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Resolves once the process serves; rejects if it never does. Run after every (re)start. */
  ready?: () => Promise<void>;
  /** How long a stop waits after SIGTERM before SIGKILL. */
  stopGraceMs?: number;
}

export interface SupervisorOptions {
  /** Each process's output goes to `<logDir>/<name>.log` (appended across restarts). */
  logDir: string;
  log: (message: string) => void;
  /** Restart delay: doubles from `initialMs` after each quick death, never above `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** A process that ran this long before dying restarts after `initialMs` again. */
  stableAfterMs?: number;
  /** Kept current with each process's pid and restart count (`{name: {pid, restarts}}`), for operators and tests. */
  stateFile?: string;
}

interface Supervised {
  spec: ProcessSpec;
  child?: ChildProcess;
  output: WriteStream;
  restarts: number;
  delayMs: number;
  startedAt: number;
  restartTimer?: NodeJS.Timeout;
}

/**
 * Runs processes, restarts one that dies (bounded exponential backoff), and stops them all in reverse
 * start order (SIGTERM to the process group, SIGKILL after a grace period) so none is left behind.
 */
export class Supervisor {
  private readonly processes: Supervised[] = [];
  private stopping = false;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly stableAfterMs: number;

  constructor(private readonly options: SupervisorOptions) {
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 10_000 };
    this.stableAfterMs = options.stableAfterMs ?? 30_000;
    mkdirSync(options.logDir, { recursive: true });
  }

  /** Starts `spec` and waits until it is ready (a failure stops it and rejects). */
  async start(spec: ProcessSpec): Promise<void> {
    if (this.processes.some((p) => p.spec.name === spec.name)) throw new Error(`${spec.name} already runs`);
    const output = createWriteStream(this.logFile(spec.name), { flags: 'a' });
    const entry: Supervised = { spec, output, restarts: 0, delayMs: this.backoff.initialMs, startedAt: 0 };
    this.processes.push(entry);
    this.spawn(entry);
    await spec.ready?.();
  }

  logFile(name: string): string {
    return join(this.options.logDir, `${name}.log`);
  }

  /** The running pid of `name` (undefined while it is down). */
  pid(name: string): number | undefined {
    const child = this.find(name).child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  /** How often `name` was restarted after dying. */
  restarts(name: string): number {
    return this.find(name).restarts;
  }

  names(): string[] {
    return this.processes.map((p) => p.spec.name);
  }

  /** Waits until `name` was restarted at least `count` times and is ready again. */
  async waitForRestart(name: string, count: number, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const entry = this.find(name);
    while (entry.restarts < count || this.pid(name) === undefined) {
      if (Date.now() > deadline) throw new Error(`${name} was not restarted within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await entry.spec.ready?.();
  }

  /** Stops every process, the last started first; resolves when all have exited. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const entry of [...this.processes].reverse()) {
      clearTimeout(entry.restartTimer);
      if (entry.child) await stopGroup(entry.child, entry.spec.stopGraceMs ?? 10_000);
      await new Promise<void>((resolve) => entry.output.end(resolve));
    }
  }

  private find(name: string): Supervised {
    const entry = this.processes.find((p) => p.spec.name === name);
    if (!entry) throw new Error(`no process named ${name}`);
    return entry;
  }

  private spawn(entry: Supervised): void {
    const { spec } = entry;
    // Own process group: a terminal's Ctrl-C reaches the supervisor only, which stops everything in order.
    const child = spawn(spec.command, spec.args, {
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.pipe(entry.output, { end: false });
    child.stderr?.pipe(entry.output, { end: false });
    entry.child = child;
    entry.startedAt = Date.now();
    child.on('error', (error) => this.options.log(`${spec.name}: ${error.message}`));
    child.on('exit', (code, signal) => {
      this.writeState();
      this.onExit(entry, code, signal);
    });
    this.writeState();
  }

  private writeState(): void {
    const file = this.options.stateFile;
    if (!file) return;
    const state = Object.fromEntries(
      this.processes.map((p) => [p.spec.name, { pid: this.pid(p.spec.name) ?? null, restarts: p.restarts }]),
    );
    // Written aside and renamed: a reader never sees half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
    renameSync(`${file}.tmp`, file);
  }

  private onExit(entry: Supervised, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const ranMs = Date.now() - entry.startedAt;
    if (ranMs >= this.stableAfterMs) entry.delayMs = this.backoff.initialMs;
    const delay = entry.delayMs;
    entry.delayMs = Math.min(entry.delayMs * 2, this.backoff.maxMs);
    this.options.log(
      `${entry.spec.name} exited (code ${code}, signal ${signal}) after ${Math.round(ranMs / 1000)} s; ` +
        `restarting in ${delay} ms (log: ${this.logFile(entry.spec.name)})`,
    );
    entry.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      entry.restarts += 1;
      this.spawn(entry);
    }, delay);
  }
}

/** SIGTERM to the child's process group, SIGKILL to it after `graceMs`; resolves on exit. */
export function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  const pid = child.pid;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  return new Promise((resolve) => {
    const killer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    signalGroup('SIGTERM');
  });
}
