import type { EventSinkName, OutboxEventEntity, ReadModelRepositories } from '@onething/persistence';

/**
 * The event port: where outbox events go once committed. Each sink takes the events it has not taken
 * yet, a batch at a time in write order, inside the transaction that marks them taken: a sink that
 * throws leaves the batch for its next pass (at least once), and never holds another sink back.
 */
export interface EventSink {
  readonly name: EventSinkName;
  publish(events: readonly OutboxEventEntity[], tx: ReadModelRepositories): Promise<void>;
  close?(): Promise<void>;
}

export const EVENT_SINKS = Symbol('EVENT_SINKS');
