import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { HTTP } from 'cloudevents';
import { connect, type NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { loadConfig } from '@onething/config';
import { findOrBuildNatsServer, startNatsServer, type RunningNatsServer } from '@onething/devservers';
import { dataSourceOptions, migrate, ReadModel } from '@onething/persistence';
import { waitUntil } from '@onething/testing';
import { eventIdOf } from './cloud-event';
import { EventPublisher } from './event-publisher';
import { NatsJetStreamSink } from './nats-sink';
import { WebhookFanOut } from './webhook-fan-out';

/**
 * The event port's broker adapter against a real nats-server with JetStream (built from the Go module
 * proxy into ~/.cache/onething on first use), fed by the real outbox in PostgreSQL.
 */
const config = loadConfig(process.env);
const run = randomUUID().slice(0, 8);
const stream = `ONETHING_TEST_${run}`;
const subjectPrefix = `onething-test.${run}`;
const storeDir = mkdtempSync(`${tmpdir()}/onething-nats-`);

let server: RunningNatsServer;
let binary: string;
let dataSource: DataSource;
let readModel: ReadModel;
let sink: NatsJetStreamSink;
let publisher: EventPublisher;
let reader: NatsConnection;

beforeAll(async () => {
  binary = await findOrBuildNatsServer({
    searchPath: config.system.searchPath,
    cacheDir: config.system.cacheDir,
    log: (message) => process.stdout.write(`${message}\n`),
  });
  server = await startNatsServer({ binary, host: '127.0.0.1', port: 0, storeDir });
  dataSource = await new DataSource(
    dataSourceOptions({ url: process.env.DATABASE_URL!, schema: process.env.DATABASE_SCHEMA!, poolSize: 3 }),
  ).initialize();
  await migrate(dataSource);
  readModel = new ReadModel(dataSource);
  sink = new NatsJetStreamSink({
    url: server.url,
    stream,
    subjectPrefix,
    source: 'https://onething.test',
    timeoutMs: 1_000,
  });
  publisher = new EventPublisher(readModel, [new WebhookFanOut(), sink]);
  reader = await connect({ servers: server.url });
}, 600_000);
afterAll(async () => {
  await reader?.close();
  await publisher?.close();
  await server?.stop();
  await dataSource?.destroy();
  rmSync(storeDir, { recursive: true, force: true });
});

/** Publishes to the broker until nothing is left (other suites' events in this schema go out too). */
async function publishAll(): Promise<void> {
  while ((await publisher.publishBatch(sink)) > 0);
}

interface StoredEvent {
  subject: string;
  msgId: string | undefined;
  event: { id: string; type: string; subject: string; sequence: string; data: Record<string, unknown> };
}

/** Everything the stream holds, oldest first, read with an ordered consumer. */
async function storedEvents(): Promise<StoredEvent[]> {
  const { state } = await (await reader.jetstreamManager()).streams.info(stream);
  const consumer = await reader.jetstream().consumers.get(stream);
  const messages = await consumer.fetch({ max_messages: state.messages, expires: 2_000 });
  const found: StoredEvent[] = [];
  for await (const message of messages) {
    const body = message.string();
    found.push({
      subject: message.subject,
      msgId: message.headers?.get('Nats-Msg-Id'),
      // The cloudevents library reads it as a valid event; the test reads its plain JSON.
      event:
        HTTP.toEvent({ headers: { 'content-type': 'application/cloudevents+json' }, body }) &&
        JSON.parse(body),
    });
    if (found.length === state.messages) break;
  }
  return found;
}

async function appendEvents(caseId: string, types: string[]): Promise<void> {
  for (const type of types)
    await readModel.outbox.appendCaseEvent(caseId, type, {
      stepId: 'talentCertification',
      reason: '张三 13800138000',
    });
}

describe('the NATS JetStream sink', () => {
  it('publishes every event as a CloudEvent with ids only, each case in order, on <prefix>.<type>', async () => {
    const cases = [randomUUID(), randomUUID()];
    const types = ['case.step.running', 'task.opened', 'case.step.completed', 'case.completed'];
    for (const type of types) for (const caseId of cases) await appendEvents(caseId, [type]);
    await publishAll();

    const stored = await storedEvents();
    for (const caseId of cases) {
      const ofCase = stored.filter((s) => s.event.subject === `cases/${caseId}`);
      expect(ofCase.map((s) => s.event.type)).toEqual(types);
      expect(ofCase.map((s) => s.subject)).toEqual(types.map((type) => `${subjectPrefix}.${type}`));
      const sequences = ofCase.map((s) => Number(s.event.sequence));
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      for (const { event, msgId } of ofCase) {
        expect(msgId).toBe(event.id);
        expect(event.id).toBe(eventIdOf(event.sequence));
        // The free-text reason stayed home: a broker has no department, so no contract.
        expect(event.data).toEqual({ caseId, stepId: 'talentCertification' });
      }
    }
    // Marked as brokered: nothing of ours is left for the next pass.
    expect(await readModel.outbox.unpublished('broker', 1000)).toEqual([]);
  });

  it('lets the stream drop a batch published twice (the CloudEvents id is the Nats-Msg-Id)', async () => {
    const caseId = randomUUID();
    await appendEvents(caseId, ['task.opened', 'task.closed']);
    const events = await readModel.outbox.unpublished('broker', 1000);
    await publishAll();
    const manager = await reader.jetstreamManager();
    const before = (await manager.streams.info(stream)).state.messages;
    // A crash after publishing but before the batch was marked: the next pass publishes it again.
    await sink.publish(events);
    expect((await manager.streams.info(stream)).state.messages).toBe(before);
  });

  it('keeps events waiting while the broker is down, without holding back the webhook sink', async () => {
    await server.stop();
    const caseId = randomUUID();
    await appendEvents(caseId, ['task.opened', 'task.escalated']);
    const outcomes = await publisher.publishPending();
    expect(outcomes.find((o) => o.sink === 'broker')).toMatchObject({
      published: 0,
      error: expect.any(Error),
    });
    expect(outcomes.find((o) => o.sink === 'webhooks')?.error).toBeUndefined();
    const waiting = await readModel.outbox.unpublished('broker', 1000);
    expect(waiting.filter((e) => e.aggregateId === caseId).map((e) => e.type)).toEqual([
      'task.opened',
      'task.escalated',
    ]);

    // The same server comes back on its port and store: the client reconnects, the batch goes out.
    server = await startNatsServer({ binary, host: '127.0.0.1', port: server.port, storeDir });
    await waitUntil(
      'the broker back',
      () =>
        publishAll().then(
          () => true,
          () => false,
        ),
      20_000,
      200,
    );
    // The reading connection reconnects on its own schedule: read until it answers.
    const stored = await waitUntil(
      'the stream readable again',
      () =>
        storedEvents().then(
          (events) => events.filter((s) => s.event.subject === `cases/${caseId}`),
          () => undefined,
        ),
      20_000,
      200,
    );
    expect(stored.map((s) => s.event.type)).toEqual(['task.opened', 'task.escalated']);
  });
});
