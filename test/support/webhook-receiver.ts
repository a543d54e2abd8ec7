import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got, as it arrived, and the status it answered. */
export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  /** The parsed structured CloudEvent (unverified). */
  event: { id: string; type: string; subject: string; sequence: string; data: Record<string, unknown> };
  receivedAt: number;
  answered: number;
}

/** How the receiver answers a request: its event, and how many times it saw that event id before. */
export type Responder = (event: ReceivedWebhook['event'], earlierArrivals: number) => number;

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** What the receiver got for one event id, or of one subject (`cases/<id>`). */
  arrivalsOf(filter: { id?: string; subject?: string; type?: string }): ReceivedWebhook[];
  answerWith(responder: Responder): void;
  close(): Promise<void>;
}

const flat = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );

/** A webhook receiver on 127.0.0.1 (a free port) recording every request; answers 204 unless told. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let responder: Responder = () => 204;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const event = JSON.parse(body) as ReceivedWebhook['event'];
      const earlier = received.filter((r) => r.event.id === event.id).length;
      const answered = responder(event, earlier);
      received.push({ headers: flat(request.headers), body, event, receivedAt: Date.now(), answered });
      response.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/onething`,
    received,
    arrivalsOf: (filter) =>
      received.filter(
        (r) =>
          (filter.id === undefined || r.event.id === filter.id) &&
          (filter.subject === undefined || r.event.subject === filter.subject) &&
          (filter.type === undefined || r.event.type === filter.type),
      ),
    answerWith(next) {
      responder = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
