import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendWebhook } from './webhook-sender';

/** A local server whose answer each test sets; it answers nothing at all for `hang`. */
let server: Server;
let base: string;
let answer: (respond: (status: number, headers?: Record<string, string>) => void) => void;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    answer((status, headers = {}) => response.writeHead(status, headers).end('a body nobody reads'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const send = (url = `${base}/hook`, timeoutMs = 2_000) =>
  sendWebhook({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs });

describe('one webhook attempt', () => {
  it('counts a 2xx as delivered and anything else as failed, with the Retry-After asked for', async () => {
    answer = (respond) => respond(204);
    expect(await send()).toMatchObject({ delivered: true, status: 204, error: null });
    answer = (respond) => respond(503, { 'retry-after': '30' });
    expect(await send()).toMatchObject({
      delivered: false,
      status: 503,
      error: 'HTTP 503',
      retryAfter: '30',
    });
  });

  it('does not follow a redirect: the signed message goes where it was addressed', async () => {
    answer = (respond) => respond(307, { location: 'http://169.254.169.254/latest/meta-data' });
    expect(await send()).toMatchObject({ delivered: false, status: 307, error: 'HTTP 307' });
  });

  it('gives up on a receiver that does not answer in time, and names a refused connection', async () => {
    answer = () => undefined;
    const slow = await send(undefined, 300);
    expect(slow).toMatchObject({ delivered: false, status: null, error: 'no answer within 300 ms' });
    expect(slow.latencyMs).toBeGreaterThanOrEqual(290);
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    expect(await send(`http://127.0.0.1:${closed}/hook`)).toMatchObject({
      delivered: false,
      status: null,
      error: 'network error ECONNREFUSED',
    });
  });
});
