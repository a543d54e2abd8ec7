/**
 * Runs a background pass every `intervalMs` (0: never), never two at once: a pass still running when the
 * next is due makes that one skip. `stop()` clears the timer and waits for the running pass.
 */
export class PeriodicPass {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly pass: () => Promise<unknown>) {}

  start(intervalMs: number): void {
    if (intervalMs === 0) return;
    this.timer = setInterval(() => this.runIfIdle(), intervalMs);
  }

  /** A pass now, not at the next tick, unless one is running or the passes are not started. */
  nudge(): void {
    if (this.timer) this.runIfIdle();
  }

  private runIfIdle(): void {
    if (this.running) return;
    this.running = this.pass().finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
