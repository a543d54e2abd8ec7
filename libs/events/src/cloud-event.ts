import { CloudEvent, HTTP } from 'cloudevents';
import type { OutboxEventEntity } from '@onething/persistence';

/**
 * Events leave as CloudEvents 1.0 (structured JSON mode), built and checked by the `cloudevents`
 * library. The id is the same on every delivery of one event, to every subscriber and the broker:
 * receivers dedupe by it (with the `source`, which names this deployment).
 */
export type EventData = Record<string, unknown>;

/** The CloudEvents id (and Standard Webhooks message id) of an outbox event. */
export const eventIdOf = (outboxId: string): string => `evt_${outboxId}`;

/** `cases/<id>` for a case's events: what the event is about, without reading the data. */
export const subjectOf = (event: Pick<OutboxEventEntity, 'aggregateType' | 'aggregateId'>): string =>
  `${event.aggregateType === 'case' ? 'cases' : event.aggregateType}/${event.aggregateId}`;

/**
 * The CloudEvent of an outbox event with the data this receiver may see. `sequence` (an extension
 * attribute) is the outbox position, increasing in write order: a receiver that must restore order
 * after a manual redelivery compares it as an integer.
 */
export function toCloudEvent(
  event: OutboxEventEntity,
  source: string,
  data: EventData,
): CloudEvent<EventData> {
  return new CloudEvent<EventData>({
    specversion: '1.0',
    id: eventIdOf(event.id),
    source,
    type: event.type,
    subject: subjectOf(event),
    time: event.createdAt.toISOString(),
    datacontenttype: 'application/json',
    sequence: event.id,
    data,
  });
}

/** The HTTP body and content type of the event in structured mode (`application/cloudevents+json`). */
export function structuredBody(event: CloudEvent<EventData>): { contentType: string; body: string } {
  const message = HTTP.structured(event);
  return { contentType: String(message.headers['content-type']), body: String(message.body) };
}
