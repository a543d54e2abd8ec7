import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '@onething/config';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { CaseDispatcher } from '@onething/orchestration';

/**
 * Starts the workflows of submitted cases that the API committed but did not get to start (it crashed,
 * or Temporal was down at that moment): nothing submitted is lost.
 */
@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dispatcher: CaseDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  start(): void {
    const interval = this.config.outbox.relayIntervalMs;
    if (interval === 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      // Only events older than two intervals: younger ones are still being dispatched by the API.
      this.running = this.dispatcher
        .dispatchPending(interval * 2)
        .then((n) => n > 0 && this.log.info({ started: n }, 'outbox relay started pending cases'))
        .catch((error: Error) => this.log.warn({ err: error.message }, 'outbox relay pass failed'))
        .finally(() => (this.running = undefined));
    }, interval);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
