import { connect, headers, type JetStreamClient, type NatsConnection } from 'nats';
import type { OutboxEventEntity } from '@onething/persistence';
import { structuredBody, toCloudEvent } from './cloud-event';
import { idsOnly } from './event-content';
import type { EventSink } from './event-sink';

export interface NatsSinkOptions {
  url: string;
  token?: string;
  stream: string;
  subjectPrefix: string;
  /** The CloudEvents `source`. */
  source: string;
  /** How long one publish waits for JetStream's acknowledgement. */
  timeoutMs?: number;
}

const encoder = new TextEncoder();

/**
 * The broker sink: every event, as a structured CloudEvent with ids only (a broker has no department,
 * so no contract), published to JetStream on `<prefix>.<event type>`. Each publish waits for the
 * stream's acknowledgement before the next, so a case's events are stored in order; the CloudEvents id
 * is the `Nats-Msg-Id`, so a batch published again after a crash is deduplicated by the stream.
 */
export class NatsJetStreamSink implements EventSink {
  readonly name = 'broker' as const;
  private connecting?: Promise<{ connection: NatsConnection; jetstream: JetStreamClient }>;

  constructor(private readonly options: NatsSinkOptions) {}

  subjectOf(type: string): string {
    return `${this.options.subjectPrefix}.${type}`;
  }

  async publish(events: readonly OutboxEventEntity[]): Promise<void> {
    const { jetstream } = await this.ready();
    for (const event of events) {
      const cloudEvent = toCloudEvent(event, this.options.source, idsOnly(event));
      const { contentType, body } = structuredBody(cloudEvent);
      const messageHeaders = headers();
      messageHeaders.set('content-type', contentType);
      await jetstream.publish(this.subjectOf(event.type), encoder.encode(body), {
        msgID: cloudEvent.id,
        headers: messageHeaders,
        timeout: this.options.timeoutMs ?? 5_000,
      });
    }
  }

  async close(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    if (!connecting) return;
    const { connection } = await connecting.catch(() => ({ connection: undefined }));
    await connection?.drain();
  }

  /** Connects once and makes sure the stream exists; a failed attempt is retried on the next pass. */
  private ready() {
    this.connecting ??= this.open().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  private async open() {
    const connection = await connect({
      servers: this.options.url,
      ...(this.options.token ? { token: this.options.token } : {}),
      // Reconnects are the client's job; a publish during an outage fails and the batch waits.
      maxReconnectAttempts: -1,
    });
    try {
      const manager = await connection.jetstreamManager();
      const subjects = [`${this.options.subjectPrefix}.>`];
      try {
        await manager.streams.info(this.options.stream);
      } catch {
        await manager.streams.add({ name: this.options.stream, subjects });
      }
      return { connection, jetstream: connection.jetstream() };
    } catch (error) {
      await connection.close();
      throw error;
    }
  }
}
