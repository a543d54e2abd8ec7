import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '@onething/config';
import { EventPublisher, WebhookDispatcher } from '@onething/events';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { PeriodicPass } from './periodic-pass';

/** Batches one publishing pass may take per sink before it yields to the next tick. */
const MAX_BATCHES_PER_PASS = 10;

/**
 * Event delivery runs in the worker, beside the outbox relay: API replicas stay on requests, and the
 * worker already owns the background passes. Any number of worker replicas may run it: publishing takes
 * a per-sink turn (an advisory lock), deliveries are claimed with SKIP LOCKED and a lease, one per case
 * and subscription at a time. Two passes, so a slow receiver never holds back publishing:
 * - publishing hands new outbox events to the sinks (webhook deliveries written, the broker told), and
 *   nudges the delivery pass when it wrote deliveries;
 * - delivery sends the due webhooks, retries with backoff, and leaves dead letters.
 */
@Injectable()
export class EventDispatch implements OnApplicationShutdown {
  private readonly publishing = new PeriodicPass(() =>
    this.publishNew().catch((error: Error) => this.log.warn({ err: error }, 'event publishing pass failed')),
  );
  private readonly delivering = new PeriodicPass(() =>
    this.deliverDue().catch((error: Error) => this.log.warn({ err: error }, 'webhook delivery pass failed')),
  );

  constructor(
    private readonly publisher: EventPublisher,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  start(): void {
    this.publishing.start(this.config.events.dispatchIntervalMs);
    this.delivering.start(this.config.events.dispatchIntervalMs);
  }

  private async publishNew(): Promise<void> {
    for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
      const outcomes = await this.publisher.publishPending();
      for (const { sink, error } of outcomes)
        if (error)
          this.log.warn({ sink, err: error }, 'an event sink failed; its batch waits for the next pass');
      if (outcomes.some((outcome) => outcome.sink === 'webhooks' && outcome.published > 0))
        this.delivering.nudge();
      if (outcomes.every((outcome) => outcome.published === 0)) return;
    }
  }

  private async deliverDue(): Promise<void> {
    const attempted = await this.dispatcher.deliverDue();
    if (attempted > 0) this.log.debug({ attempted }, 'webhook deliveries attempted');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.publishing.stop(), this.delivering.stop()]);
    await this.publisher.close();
  }
}
