import type { EventSinkName, ReadModel } from '@onething/persistence';
import type { EventSink } from './event-sink';

export const PUBLISH_BATCH_SIZE = 200;

/** Hands committed outbox events to each sink, one batch per sink and pass, in write order. */
export class EventPublisher {
  constructor(
    private readonly readModel: ReadModel,
    private readonly sinks: readonly EventSink[],
  ) {}

  get sinkNames(): EventSinkName[] {
    return this.sinks.map((sink) => sink.name);
  }

  /** Publishes one batch to `sink`; answers how many events it took (0: none new, or another replica's turn). */
  publishBatch(sink: EventSink, batchSize = PUBLISH_BATCH_SIZE): Promise<number> {
    return this.readModel.transaction(async (tx) => {
      if (!(await tx.outbox.takePublishingTurn(sink.name))) return 0;
      const events = await tx.outbox.unpublished(sink.name, batchSize);
      if (events.length === 0) return 0;
      await sink.publish(events, tx);
      await tx.outbox.markPublished(
        sink.name,
        events.map((event) => event.id),
      );
      return events.length;
    });
  }

  /** One batch to every sink; a failing sink is reported, the others still publish. */
  async publishPending(batchSize = PUBLISH_BATCH_SIZE): Promise<PublishOutcome[]> {
    const outcomes: PublishOutcome[] = [];
    for (const sink of this.sinks) {
      try {
        outcomes.push({ sink: sink.name, published: await this.publishBatch(sink, batchSize) });
      } catch (error) {
        outcomes.push({ sink: sink.name, published: 0, error: error as Error });
      }
    }
    return outcomes;
  }

  async close(): Promise<void> {
    await Promise.all(this.sinks.flatMap((sink) => (sink.close ? [sink.close()] : [])));
  }
}

export interface PublishOutcome {
  sink: EventSinkName;
  published: number;
  error?: Error;
}
