import { startTcpProxy, startTestStack, TestStack } from '@onething/testing';

async function health(stack: TestStack, path = '/health') {
  const response = await fetch(`${stack.baseUrl}${path}`);
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as { status: string; checks: Record<string, { status: string }> },
  };
}

describe('GET /health', () => {
  it('answers 200 when PostgreSQL and Temporal both answer', async () => {
    const stack = await startTestStack({ withWorker: false });
    try {
      const { status, body } = await health(stack);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        status: 'ok',
        checks: { postgres: { status: 'up' }, temporal: { status: 'up' } },
      });
      expect((await health(stack, '/health/ready')).body).toMatchObject({ status: 'ok' });
      expect(await health(stack, '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    } finally {
      await stack.close();
    }
  });

  it('answers 503 naming Temporal when Temporal does not answer', async () => {
    // Nothing listens on port 1.
    const stack = await startTestStack({ withWorker: false, apiTemporalAddress: '127.0.0.1:1' });
    try {
      const { status, body } = await health(stack);
      expect(status).toBe(503);
      expect(body).toMatchObject({
        status: 'unavailable',
        checks: { postgres: { status: 'up' }, temporal: { status: 'down' } },
      });
      // Unready, not dead: a restart would not bring Temporal back.
      expect((await health(stack, '/health/ready')).status).toBe(503);
      expect(await health(stack, '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    } finally {
      await stack.close();
    }
  });

  it('answers 503 naming PostgreSQL when PostgreSQL goes away', async () => {
    const shared = new URL(process.env.DATABASE_URL!);
    const proxy = await startTcpProxy({ host: shared.hostname, port: Number(shared.port) });
    const viaProxy = new URL(shared);
    viaProxy.port = String(proxy.port);
    const stack = await startTestStack({ withWorker: false, env: { DATABASE_URL: viaProxy.toString() } });
    try {
      expect((await health(stack)).status).toBe(200);
      await proxy.cut();
      const { status, body, retryAfter } = await health(stack);
      expect(status).toBe(503);
      expect(retryAfter).toBe('5');
      expect(body.checks.postgres.status).toBe('down');
      expect(body.checks.temporal.status).toBe('up');
    } finally {
      await stack.close().catch(() => undefined);
    }
  });
});
