import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '@onething/config';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { Metrics } from '@onething/observability';
import { CASE_OFFERED, CASE_SUBMITTED, CaseDispatcher, OfferDispatcher } from '@onething/orchestration';
import { ReadModel } from '@onething/persistence';
import { PeriodicPass } from './periodic-pass';

/**
 * Starts the workflows of submitted cases, and of proactive offers, that the API committed but did not get
 * to start (it crashed, or Temporal was down at that moment): nothing submitted or offered is lost.
 */
@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  private readonly passes = new PeriodicPass(async () => {
    // Only events older than two intervals: younger ones are still being dispatched by the API.
    const olderThanMs = this.config.outbox.relayIntervalMs * 2;
    await this.dispatcher
      .dispatchPending(olderThanMs)
      .then((n) => n > 0 && this.log.info({ started: n }, 'outbox relay started pending cases'))
      .catch((error: Error) => this.log.warn({ err: error }, 'outbox relay pass failed'));
    await this.offers
      .dispatchPending(olderThanMs)
      .then((n) => n > 0 && this.log.info({ started: n }, 'outbox relay started pending offers'))
      .catch((error: Error) => this.log.warn({ err: error }, 'outbox relay pass (offers) failed'));
  });

  constructor(
    private readonly dispatcher: CaseDispatcher,
    private readonly offers: OfferDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
    readModel: ReadModel,
    metrics: Metrics,
  ) {
    // How far behind starting submitted cases is: the age of the oldest one nobody started yet.
    metrics.watchOutboxLag([CASE_SUBMITTED, CASE_OFFERED], (type) =>
      readModel.outbox.oldestUndispatchedAt(type),
    );
  }

  start(): void {
    this.passes.start(this.config.outbox.relayIntervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }
}
