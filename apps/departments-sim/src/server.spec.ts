import { RecordedCall, sampleResidentId, SimulatedDepartments, startSimulatedDepartments } from './index';

describe('simulated departments service', () => {
  let departments: SimulatedDepartments;
  beforeAll(async () => {
    departments = await startSimulatedDepartments({ port: 0 });
  });
  afterAll(() => departments.close());
  beforeEach(() => fetch(`${departments.url}/control`, { method: 'DELETE' }));

  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${departments.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const creditCheck = { caseId: 'c', stepId: 's', data: { fullName: 'A', residentId: sampleResidentId() } };

  it('listens on a free port and answers its health check', async () => {
    expect(departments.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await send('GET', '/health')).json()).toEqual({ status: 'ok' });
  });

  it('refuses an invalid control and an unknown connector', async () => {
    const invalid = await send('PUT', '/control/credit', { mode: 'sideways' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: 'invalid-control' });
    expect((await send('PUT', '/control/nowhere', { mode: 'down' })).status).toBe(404);
    expect((await send('POST', '/connectors/nowhere/check', creditCheck)).status).toBe(404);
    expect((await send('POST', '/connectors/credit/lookup', { subject: {} })).status).toBe(404);
  });

  it('answers 400 to a body that is not JSON, and records only what it could read', async () => {
    expect((await send('POST', '/connectors/credit/check', '{nope')).status).toBe(400);
    expect(await (await send('GET', '/calls/credit')).json()).toEqual({ calls: [] });
  });

  it('records each call with the status it answered, and forgets them on reset', async () => {
    await send('PUT', '/control/credit', { mode: 'down' });
    await send('POST', '/connectors/credit/check', creditCheck);
    const { calls } = (await (await send('GET', '/calls/credit')).json()) as { calls: RecordedCall[] };
    expect(calls).toEqual([expect.objectContaining({ operation: 'check', body: creditCheck, status: 503 })]);
    expect((await send('DELETE', '/control')).status).toBe(204);
    expect(await (await send('GET', '/calls/credit')).json()).toEqual({ calls: [] });
    expect((await send('POST', '/connectors/credit/check', creditCheck)).status).toBe(200);
  });

  it('closes promptly while a slow answer is still pending', async () => {
    const slow = await startSimulatedDepartments({ port: 0 });
    await fetch(`${slow.url}/control/credit`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'slow', delayMs: 60_000 }),
    });
    const pending = fetch(`${slow.url}/connectors/credit/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(creditCheck),
    }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await slow.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await pending;
  });
});
