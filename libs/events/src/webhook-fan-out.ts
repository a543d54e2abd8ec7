import { randomUUID } from 'node:crypto';
import type { OutboxEventEntity, ReadModelRepositories } from '@onething/persistence';
import { subscriptionReceives } from './event-content';
import type { EventSink } from './event-sink';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const aggregateKeyOf = (event: Pick<OutboxEventEntity, 'aggregateType' | 'aggregateId'>) =>
  `${event.aggregateType}:${event.aggregateId}`;

/**
 * The webhook sink: one pending delivery per event and subscription that receives it (a paused one
 * too: its deliveries wait, in order, until it is resumed). Sending is the dispatcher's job, later and
 * with retries; writing the rows is all that happens here, in the publishing transaction.
 */
export class WebhookFanOut implements EventSink {
  readonly name = 'webhooks' as const;

  async publish(events: readonly OutboxEventEntity[], tx: ReadModelRepositories): Promise<void> {
    const subscriptions = await tx.webhookSubscriptions.all();
    if (subscriptions.length === 0) return;
    const caseIds = events
      .filter((event) => event.aggregateType === 'case' && UUID.test(event.aggregateId))
      .map((event) => event.aggregateId);
    const departments = subscriptions.some((subscription) => subscription.department !== null)
      ? await tx.steps.departmentsOfCases(caseIds)
      : new Map<string, Set<string>>();
    const deliveries = events.flatMap((event) =>
      subscriptions
        .filter((subscription) =>
          subscriptionReceives(subscription, event, departments.get(event.aggregateId)),
        )
        .map((subscription) => ({
          id: randomUUID(),
          subscriptionId: subscription.id,
          eventId: event.id,
          eventType: event.type,
          aggregateKey: aggregateKeyOf(event),
        })),
    );
    await tx.webhookDeliveries.insertMany(deliveries);
  }
}
