import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '@onething/config';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { Metrics } from '@onething/observability';
import { CASE_SUBMITTED, CaseDispatcher } from '@onething/orchestration';
import { ReadModel } from '@onething/persistence';
import { PeriodicPass } from './periodic-pass';

/**
 * Starts the workflows of submitted cases that the API committed but did not get to start (it crashed,
 * or Temporal was down at that moment): nothing submitted is lost.
 */
@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  private readonly passes = new PeriodicPass(() =>
    // Only events older than two intervals: younger ones are still being dispatched by the API.
    this.dispatcher
      .dispatchPending(this.config.outbox.relayIntervalMs * 2)
      .then((n) => n > 0 && this.log.info({ started: n }, 'outbox relay started pending cases'))
      .catch((error: Error) => this.log.warn({ err: error }, 'outbox relay pass failed')),
  );

  constructor(
    private readonly dispatcher: CaseDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
    readModel: ReadModel,
    metrics: Metrics,
  ) {
    // How far behind starting submitted cases is: the age of the oldest one nobody started yet.
    metrics.watchOutboxLag([CASE_SUBMITTED], (type) => readModel.outbox.oldestUndispatchedAt(type));
  }

  start(): void {
    this.passes.start(this.config.outbox.relayIntervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }
}
