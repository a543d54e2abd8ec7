import { DynamicModule, Module } from '@nestjs/common';
import { AccessTrail } from '@onething/audit';
import { secretBoxFor } from '@onething/codec';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { ReadModel } from '@onething/persistence';
import { EventPublisher } from './event-publisher';
import { EVENT_SINKS, type EventSink } from './event-sink';
import { NatsJetStreamSink } from './nats-sink';
import { SubscriptionSecrets } from './subscription-secrets';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookFanOut } from './webhook-fan-out';

/** The sinks a deployment has: webhook subscriptions always, NATS JetStream when EVENTS_NATS_URL is set. */
export function eventSinksFor(config: AppConfig): EventSink[] {
  const { nats, source } = config.events;
  return [new WebhookFanOut(), ...(nats ? [new NatsJetStreamSink({ ...nats, source })] : [])];
}

/**
 * Event delivery: the sealed subscription secrets (the API creates and rotates them), the publisher
 * and its sinks, and the webhook dispatcher (the worker runs both). Needs the persistence, config and
 * audit modules.
 */
@Module({})
export class EventsModule {
  static forRoot(): DynamicModule {
    return {
      module: EventsModule,
      providers: [
        {
          provide: SubscriptionSecrets,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) =>
            new SubscriptionSecrets(secretBoxFor(config.temporal.payloadKeys)),
        },
        { provide: EVENT_SINKS, inject: [APP_CONFIG], useFactory: eventSinksFor },
        {
          provide: EventPublisher,
          inject: [ReadModel, EVENT_SINKS],
          useFactory: (readModel: ReadModel, sinks: EventSink[]) => new EventPublisher(readModel, sinks),
        },
        {
          provide: WebhookDispatcher,
          inject: [ReadModel, SubscriptionSecrets, AccessTrail, APP_CONFIG],
          useFactory: (
            readModel: ReadModel,
            secrets: SubscriptionSecrets,
            trail: AccessTrail,
            config: AppConfig,
          ) => {
            const { webhooks, source } = config.events;
            return new WebhookDispatcher(readModel, secrets, trail, {
              maxAttempts: webhooks.maxAttempts,
              backoff: { baseMs: webhooks.backoffBaseMs, maxMs: webhooks.backoffMaxMs },
              timeoutMs: webhooks.timeoutMs,
              source,
            });
          },
        },
      ],
      exports: [SubscriptionSecrets, EventPublisher, WebhookDispatcher],
    };
  }
}
