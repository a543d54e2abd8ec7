import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@onething/config';
import {
  ConnectorRegistry,
  ConnectorTransportError,
  hmacSignature,
  HttpConnector,
  UnknownConnectorError,
} from './index';

// Protocol edge cases against a scripted department; the simulated departments' own spec covers the
// everyday answers (approve, reject, down, slow, transient failures).
type Reply = { status: number; body?: string; headers?: Record<string, string> };
let server: Server;
let url: string;
let reply: Reply;
let received: { path: string; body: any; headers: IncomingMessage['headers'] }[];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
        headers: request.headers,
      });
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/departments/credit`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
  reply = { status: 200, body: JSON.stringify({ decision: 'approved' }) };
});

const request = { caseId: 'c-1', stepId: 's-1', data: { residentId: '310104199001010012' } };
const connector = (options: Partial<ConstructorParameters<typeof HttpConnector>[0]> = {}) =>
  new HttpConnector({ code: 'credit', url, timeoutMs: 10_000, ...options });
async function failure(promise: Promise<unknown>): Promise<ConnectorTransportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorTransportError);
  return error as ConnectorTransportError;
}

describe('HttpConnector', () => {
  it('posts checks to <url>/check and lookups to <url>/lookup', async () => {
    await connector().check(request);
    reply = { status: 200, body: JSON.stringify({ found: false }) };
    await expect(connector().lookup({ subject: { residentId: 'x' } })).resolves.toEqual({ found: false });
    expect(received.map((r) => r.path)).toEqual(['/departments/credit/check', '/departments/credit/lookup']);
  });

  it('gives a rejection without a reason a default reason, and reads a 422 without a JSON body', async () => {
    reply = { status: 200, body: JSON.stringify({ decision: 'rejected' }) };
    await expect(connector().check(request)).resolves.toEqual({
      decision: 'rejected',
      reason: 'rejected by the department',
    });
    reply = { status: 422, body: 'no' };
    await expect(connector().check(request)).resolves.toEqual({
      decision: 'rejected',
      reason: 'rejected by the department',
    });
  });

  it.each([
    ['an answer that is not JSON', { status: 200, body: '<html>' }, 'malformed-answer'],
    ['a JSON answer without a decision', { status: 200, body: '{"decision":"maybe"}' }, 'malformed-answer'],
    ['a 500', { status: 500, body: '' }, 'server-error'],
    ['a 429', { status: 429, body: '' }, 'throttled'],
    ['a 408', { status: 408, body: '' }, 'timeout'],
  ])('treats %s as a retryable transport failure', async (_name, answer, kind) => {
    reply = answer;
    expect(await failure(connector().check(request))).toMatchObject({ failure: kind, retryable: true });
  });

  it.each([
    ['a 404', { status: 404, body: '' }],
    ['a 403', { status: 403, body: '' }],
    [
      'a redirect, which it does not follow',
      { status: 307, body: '', headers: { location: 'http://elsewhere.example/' } },
    ],
  ])('treats %s as a refused request that retrying cannot fix', async (_name, answer) => {
    reply = answer;
    expect(await failure(connector().check(request))).toMatchObject({
      failure: 'request-refused',
      retryable: false,
    });
    expect(received).toHaveLength(1);
  });

  it('never puts the data it sent or received into an error message', async () => {
    reply = { status: 200, body: JSON.stringify({ decision: 'maybe', echo: request.data.residentId }) };
    const error = await failure(connector().check(request));
    expect(error.message).not.toContain(request.data.residentId);
    expect(error.message).toBe(
      'connector credit: malformed-answer (HTTP 200): the answer does not follow the protocol',
    );
  });

  it("gives up with the caller's reason when the caller aborts", async () => {
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    controller.abort(reason);
    await expect(connector().check(request, controller.signal)).rejects.toBe(reason);
  });

  it("stores a department's reason without control characters or unpaired surrogates, at most 2,000 characters", async () => {
    reply = {
      status: 200,
      body: JSON.stringify({ decision: 'rejected', reason: 'debt\u0000 listed \ud800 ' + 'x'.repeat(3000) }),
    };
    const { reason } = await connector().check(request);
    expect(reason).toMatch(/^debt listed \ufffd x+$/);
    expect(reason).toHaveLength(2000);
    reply = { status: 422, body: JSON.stringify({ reason: '\u0000\u0001' }) };
    expect((await connector().check(request)).reason).toBe('rejected by the department');
  });

  it('sends the step as its idempotency key', async () => {
    await connector().check(request);
    expect(received[0].headers['idempotency-key']).toBe('c-1:s-1');
  });

  it("maps field names to the department's and back", async () => {
    reply = { status: 200, body: JSON.stringify({ found: true, data: { idNo: 'A', degree: 'master' } }) };
    const mapped = connector({ fieldNames: { residentId: 'idNo', highestDegree: 'degree' } });
    await expect(mapped.lookup({ subject: { residentId: 'A' }, path: 'highestDegree' })).resolves.toEqual({
      found: true,
      data: { residentId: 'A', highestDegree: 'master' },
      value: 'master',
    });
    expect(received[0]?.body).toEqual({ subject: { idNo: 'A' }, path: 'degree' });
  });
});

describe('HttpConnector settings from the connector catalog', () => {
  it('signs each request with HMAC-SHA256 over "<timestamp>.<body>" and sends no bearer token', async () => {
    await connector({ auth: { type: 'hmac', secret: 'shared-secret-123456' } }).check(request);
    const { headers, body } = received[0];
    const timestamp = headers['x-onething-timestamp'] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(headers['x-onething-signature']).toBe(
      hmacSignature('shared-secret-123456', timestamp, JSON.stringify(body)),
    );
    expect(headers.authorization).toBeUndefined();
  });

  it('keeps exactly the mapped answer paths, under their normalised names', async () => {
    reply = {
      status: 200,
      body: JSON.stringify({
        decision: 'approved',
        data: { certificate: { no: 'TC-1', issuedAt: '2026-01-01' }, internal: 'x' },
      }),
    };
    const mapped = connector({ responseMapping: { 'certificate.no': 'certificateNumber', missing: 'gone' } });
    await expect(mapped.check(request)).resolves.toEqual({
      decision: 'approved',
      data: { certificateNumber: 'TC-1' },
    });
  });

  it('sends compensations to the compensate URL when one is set', async () => {
    reply = { status: 200, body: JSON.stringify({ status: 'compensated' }) };
    const undo = { caseId: 'c-1', stepId: 's-1', action: 'revoke', reason: 'withdrawn' as const };
    await connector({ compensateUrl: `${url}/undo` }).compensate(undo);
    expect(received[0]?.path).toBe('/departments/credit/undo');
  });
});

describe('HttpConnector.compensate', () => {
  const undo = {
    caseId: 'c-1',
    stepId: 'housingSubsidy',
    action: 'subsidy-clawback',
    reason: 'withdrawn' as const,
  };

  it('posts {caseId, stepId, action, reason} to <url>/compensate with an idempotency key and the auth header', async () => {
    reply = { status: 200, body: JSON.stringify({ status: 'compensated' }) };
    const withToken = connector({ auth: { type: 'bearer', token: 't-1' } });
    await expect(withToken.compensate(undo)).resolves.toEqual({ status: 'compensated' });
    expect(received).toEqual([
      {
        path: '/departments/credit/compensate',
        body: undo,
        headers: expect.objectContaining({
          'content-type': 'application/json',
          authorization: 'Bearer t-1',
          'idempotency-key': 'c-1:housingSubsidy:subsidy-clawback',
        }),
      },
    ]);
  });

  it("returns the department's already-compensated for a repeated undo", async () => {
    reply = { status: 200, body: JSON.stringify({ status: 'already-compensated' }) };
    await expect(connector().compensate(undo)).resolves.toEqual({ status: 'already-compensated' });
  });

  it('sends the ids as they are (no field-name mapping) and ignores extra answer fields', async () => {
    reply = { status: 200, body: JSON.stringify({ status: 'compensated', reference: 'r-9' }) };
    const mapped = connector({ fieldNames: { caseId: 'nope', action: 'nope2' } });
    await expect(mapped.compensate(undo)).resolves.toEqual({ status: 'compensated' });
    expect(received[0]?.body).toEqual(undo);
  });

  it.each([
    ['a 500', { status: 500, body: '' }, 'server-error'],
    ['a 503', { status: 503, body: '{"error":"unavailable"}' }, 'server-error'],
    ['a 429', { status: 429, body: '' }, 'throttled'],
    ['a 408', { status: 408, body: '' }, 'timeout'],
    ['an answer that is not JSON', { status: 200, body: '<html>' }, 'malformed-answer'],
    ['an answer with another status', { status: 200, body: '{"status":"done"}' }, 'malformed-answer'],
  ])('treats %s as a retryable transport failure', async (_name, answer, kind) => {
    reply = answer;
    expect(await failure(connector().compensate(undo))).toMatchObject({ failure: kind, retryable: true });
  });

  it.each([
    ['a 400', { status: 400, body: '{"error":"invalid-request"}' }],
    ['a 401', { status: 401, body: '' }],
    ['a 404', { status: 404, body: '' }],
    ['a 422 (the department will not undo it)', { status: 422, body: '{"reason":"already paid out"}' }],
    ['a redirect', { status: 302, body: '', headers: { location: 'http://elsewhere.example/' } }],
  ])('treats %s as a refused request that retrying cannot fix', async (_name, answer) => {
    reply = answer;
    const error = await failure(connector().compensate(undo));
    expect(error).toMatchObject({ failure: 'request-refused', retryable: false, status: answer.status });
    expect(error.message).not.toContain('already paid out');
    expect(received).toHaveLength(1);
  });

  it('gives up with a retryable timeout when the department does not answer in time', async () => {
    const silent = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const slow = new HttpConnector({
        code: 'subsidy-payment',
        url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/connectors/subsidy-payment`,
        timeoutMs: 150,
      });
      const started = Date.now();
      const error = await failure(slow.compensate(undo));
      expect(error).toMatchObject({ failure: 'timeout', retryable: true, connector: 'subsidy-payment' });
      expect(error.message).toBe('connector subsidy-payment: timeout: no answer within 150 ms');
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('is retryable when nothing listens', async () => {
    const unreachable = new HttpConnector({ code: 'credit', url: 'http://127.0.0.1:1/x', timeoutMs: 2_000 });
    expect(await failure(unreachable.compensate(undo))).toMatchObject({
      failure: 'unreachable',
      retryable: true,
    });
  });

  it("gives up with the caller's reason when the caller aborts", async () => {
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    controller.abort(reason);
    await expect(connector().compensate(undo, controller.signal)).rejects.toBe(reason);
  });
});

describe('ConnectorRegistry', () => {
  it('reaches each code under the base URL, or at its own endpoint with its own auth and timeout', async () => {
    const config = loadConfig({
      CONNECTOR_BASE_URL: 'http://127.0.0.1:1',
      CONNECTOR_ENDPOINTS: JSON.stringify({
        credit: { url, auth: { type: 'api-key', header: 'X-Key', key: 'k' }, timeoutMs: 1_000 },
      }),
    });
    const registry = ConnectorRegistry.fromConfig(config, ['credit', 'household-registry']);
    expect(registry.codes()).toEqual(['credit', 'household-registry']);
    await registry.get('credit').check(request);
    expect(received[0]?.headers['x-key']).toBe('k');
    expect(await failure(registry.get('household-registry').check(request))).toMatchObject({
      failure: 'unreachable',
    });
  });

  it('names a connector it does not know', () => {
    const registry = new ConnectorRegistry([connector()]);
    expect(registry.has('credit')).toBe(true);
    expect(() => registry.get('tax-registry')).toThrow(UnknownConnectorError);
  });
});
