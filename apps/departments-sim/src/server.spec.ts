import {
  DepartmentEffect,
  RecordedCall,
  sampleResidentId,
  SimulatedDepartments,
  startSimulatedDepartments,
} from './index';

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

  describe('compensation', () => {
    const undo = (action = 'subsidy-clawback', caseId = 'c-1') => ({
      caseId,
      stepId: 'housingSubsidy',
      action,
      reason: 'withdrawn',
    });
    const compensate = async (code: string, body: unknown) => {
      const response = await send('POST', `/connectors/${code}/compensate`, body);
      return { status: response.status, body: await response.json() };
    };
    const callsTo = async (code: string) =>
      ((await (await send('GET', `/calls/${code}`)).json()) as { calls: RecordedCall[] }).calls;

    it('undoes once per case, step and action, and answers a repeat already-compensated', async () => {
      expect(await compensate('subsidy-payment', undo())).toEqual({
        status: 200,
        body: { status: 'compensated' },
      });
      expect(await compensate('subsidy-payment', undo())).toEqual({
        status: 200,
        body: { status: 'already-compensated' },
      });
      expect((await compensate('subsidy-payment', undo('permit-revocation'))).body).toEqual({
        status: 'compensated',
      });
      expect((await compensate('subsidy-payment', undo('subsidy-clawback', 'c-2'))).body).toEqual({
        status: 'compensated',
      });
      // Each department keeps its own record.
      expect((await compensate('credit', undo())).body).toEqual({ status: 'compensated' });
    });

    it('records compensations in the call log with their ids, action, result and arrival order', async () => {
      await compensate('subsidy-payment', undo());
      await send('POST', '/connectors/credit/check', creditCheck);
      await compensate('foreign-work-permit', undo('permit-revocation'));
      await compensate('subsidy-payment', undo());
      const subsidy = await callsTo('subsidy-payment');
      const permit = await callsTo('foreign-work-permit');
      const [check] = await callsTo('credit');
      expect(subsidy).toEqual([
        {
          operation: 'compensate',
          seq: expect.any(Number),
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          caseId: 'c-1',
          stepId: 'housingSubsidy',
          action: 'subsidy-clawback',
          reason: 'withdrawn',
          result: 'compensated',
          body: undo(),
          headers: expect.any(Object),
          status: 200,
        },
        expect.objectContaining({ operation: 'compensate', result: 'already-compensated', status: 200 }),
      ]);
      expect(check).toMatchObject({ operation: 'check', seq: expect.any(Number), status: 200 });
      expect(check).not.toHaveProperty('action');
      const order = [subsidy[0], check, permit[0], subsidy[1]].map((call) => call.seq);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(order).size).toBe(4);
    });

    it('refuses a compensation without its ids, action or a known reason, and does not record it', async () => {
      for (const body of [
        { stepId: 's', action: 'a', reason: 'withdrawn' },
        { ...undo(), action: '' },
        { ...undo(), reason: 'bored' },
      ]) {
        const answer = await compensate('subsidy-payment', body);
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ error: 'invalid-request' });
      }
      expect(await callsTo('subsidy-payment')).toEqual([]);
      expect((await compensate('nowhere', undo())).status).toBe(404);
    });

    it('honours down and failTimes, undoing nothing while it fails; reject mode concerns checks only', async () => {
      await send('PUT', '/control/subsidy-payment', { mode: 'down' });
      expect((await compensate('subsidy-payment', undo())).status).toBe(503);
      await send('PUT', '/control/subsidy-payment', { mode: 'reject', failTimes: 1 });
      expect((await compensate('subsidy-payment', undo())).status).toBe(503);
      expect(await compensate('subsidy-payment', undo())).toEqual({
        status: 200,
        body: { status: 'compensated' },
      });
      expect((await callsTo('subsidy-payment')).map((call) => call.status)).toEqual([503, 503, 200]);
    });

    it('forgets what it undid on reset; the arrival order keeps counting', async () => {
      await compensate('subsidy-payment', undo());
      const [before] = await callsTo('subsidy-payment');
      await send('DELETE', '/control');
      expect((await compensate('subsidy-payment', undo())).body).toEqual({ status: 'compensated' });
      const [after] = await callsTo('subsidy-payment');
      expect(after.seq).toBeGreaterThan(before.seq);
    });
  });

  describe('a check with an Idempotency-Key', () => {
    const check = (body: unknown, key?: string) =>
      fetch(`${departments.url}/connectors/credit/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(body),
      });
    const effectsOf = async (code: string) =>
      ((await (await send('GET', `/effects/${code}`)).json()) as { effects: DepartmentEffect[] }).effects;

    it('is decided once: a repeated key is answered from the record, whatever the department says now', async () => {
      await send('PUT', '/control/credit', { mode: 'reject' });
      const first = await check(creditCheck, 'c:s');
      expect(first.status).toBe(422);
      const firstBody: unknown = await first.json();
      await send('PUT', '/control/credit', { mode: 'normal' });
      const again = await check(creditCheck, 'c:s');
      expect(again.status).toBe(422);
      expect(await again.json()).toEqual(firstBody);
      // Another key is another question.
      expect((await check(creditCheck, 'c:other')).status).toBe(200);
      expect((await effectsOf('credit')).map((effect) => effect.idempotencyKey)).toEqual(['c:s', 'c:other']);
      const { calls } = (await (await send('GET', '/calls/credit')).json()) as { calls: RecordedCall[] };
      expect(calls.map((call) => call.replayed ?? false)).toEqual([false, true, false]);
    });

    it('does nothing while down or failing, so the retry is the first effect', async () => {
      await send('PUT', '/control/credit', { mode: 'normal', failTimes: 2 });
      expect((await check(creditCheck, 'c:s')).status).toBe(503);
      expect((await check(creditCheck, 'c:s')).status).toBe(503);
      expect((await check(creditCheck, 'c:s')).status).toBe(200);
      expect(await effectsOf('credit')).toEqual([
        expect.objectContaining({ operation: 'check', idempotencyKey: 'c:s', caseId: 'c', stepId: 's' }),
      ]);
    });

    it('in slow-answer mode acts at once and keeps the effect when the caller hangs up', async () => {
      await send('PUT', '/control/credit', { mode: 'slow-answer', delayMs: 60_000 });
      const gone = await fetch(`${departments.url}/connectors/credit/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'c:s' },
        body: JSON.stringify(creditCheck),
        signal: AbortSignal.timeout(200),
      }).catch((error: unknown) => error);
      expect(gone).toMatchObject({ name: 'TimeoutError' });
      await send('PUT', '/control/credit', { mode: 'normal' });
      const again = await check(creditCheck, 'c:s');
      expect(again.status).toBe(200);
      expect(await effectsOf('credit')).toHaveLength(1);
    });

    it('without a key, every check is a new one', async () => {
      await check(creditCheck);
      await check(creditCheck);
      expect(await effectsOf('credit')).toHaveLength(2);
    });
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
