import { ConnectorRegistry, ConnectorTransportError, HttpConnector } from '@onething/connectors';
import { loadConfig } from '@onething/config';
import { RecordedCall, sampleResidentId, SimulatedDepartments, startSimulatedDepartments } from './index';

// The HTTP connector against the simulated departments, both in this process on a free port.
describe('HttpConnector against the simulated departments', () => {
  let departments: SimulatedDepartments;
  const approvedId = sampleResidentId({ sequenceDigit: 5, lastCharacter: '1' });

  beforeAll(async () => {
    departments = await startSimulatedDepartments({ port: 0 });
  });
  afterAll(() => departments.close());
  beforeEach(() => fetch(`${departments.url}/control`, { method: 'DELETE' }));

  const connector = (code: string, timeoutMs = 2_000, token?: string) =>
    new HttpConnector({
      code,
      url: `${departments.url}/connectors/${code}`,
      timeoutMs,
      ...(token ? { auth: { type: 'bearer' as const, token } } : {}),
    });
  const control = (code: string, body: object) =>
    fetch(`${departments.url}/control/${code}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => expect(r.status).toBe(200));
  const callsTo = async (code: string): Promise<RecordedCall[]> =>
    ((await (await fetch(`${departments.url}/calls/${code}`)).json()) as { calls: RecordedCall[] }).calls;
  const creditCheck = (residentId = approvedId) => ({
    caseId: 'c-1',
    stepId: 'creditCheck',
    data: { fullName: '张三', residentId },
  });
  const transportError = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectorTransportError);
    return error as ConnectorTransportError;
  };

  it('returns an approval with the department data', async () => {
    await expect(connector('credit').check(creditCheck())).resolves.toEqual({
      decision: 'approved',
      data: { creditRecord: 'clean' },
    });
  });

  it('returns a business rejection with its reason instead of throwing', async () => {
    const decision = await connector('credit').check(creditCheck(sampleResidentId({ lastCharacter: '4' })));
    expect(decision).toEqual({ decision: 'rejected', reason: expect.stringContaining('dishonest') });
  });

  it('reads a 422 as a business rejection', async () => {
    await control('credit', { mode: 'reject' });
    const decision = await connector('credit').check(creditCheck());
    expect(decision).toEqual({ decision: 'rejected', reason: expect.stringContaining('control mode') });
  });

  it('throws a retryable transport error when the department is down (503)', async () => {
    await control('credit', { mode: 'down' });
    const error = await transportError(connector('credit').check(creditCheck()));
    expect(error).toMatchObject({
      failure: 'server-error',
      status: 503,
      retryable: true,
      connector: 'credit',
    });
  });

  it('throws a retryable transport error when the department answers after the timeout', async () => {
    await control('credit', { mode: 'slow', delayMs: 5_000 });
    const started = Date.now();
    const error = await transportError(connector('credit', 200).check(creditCheck()));
    expect(error).toMatchObject({ failure: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers a slow department within the timeout', async () => {
    await control('credit', { mode: 'slow', delayMs: 50 });
    await expect(connector('credit').check(creditCheck())).resolves.toMatchObject({ decision: 'approved' });
  });

  it('fails transiently for failTimes calls, then succeeds', async () => {
    await control('social-insurance', { mode: 'normal', failTimes: 2 });
    const insurance = connector('social-insurance');
    const request = {
      caseId: 'c-2',
      stepId: 'insuranceTransfer',
      data: { fullName: '李四', residentId: approvedId, employer: 'ACME' },
    };
    await transportError(insurance.check(request));
    await transportError(insurance.check(request));
    await expect(insurance.check(request)).resolves.toMatchObject({ decision: 'approved' });
    expect((await callsTo('social-insurance')).map((call) => call.status)).toEqual([503, 503, 200]);
  });

  it('throws a retryable transport error when nothing listens', async () => {
    const closed = await startSimulatedDepartments({ port: 0 });
    await closed.close();
    const unreachable = new HttpConnector({
      code: 'credit',
      url: `${closed.url}/connectors/credit`,
      timeoutMs: 2_000,
    });
    const error = await transportError(unreachable.check(creditCheck()));
    expect(error).toMatchObject({ failure: 'unreachable', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('sends exactly the contract data, the case and step ids, an idempotency key and the auth header', async () => {
    await connector('property-registry', 2_000, 'secret-token').check({
      caseId: 'c-3',
      stepId: 'propertyCheck',
      data: { fullName: '王五', residentId: approvedId },
    });
    const [call] = await callsTo('property-registry');
    expect(call.operation).toBe('check');
    expect(call.body).toEqual({
      caseId: 'c-3',
      stepId: 'propertyCheck',
      data: { fullName: '王五', residentId: approvedId },
    });
    expect(call.headers.authorization).toBe('Bearer secret-token');
    expect(call.headers['idempotency-key']).toBe('c-3:propertyCheck');
  });

  it('sends an API key in the configured header', async () => {
    const withKey = new HttpConnector({
      code: 'credit',
      url: `${departments.url}/connectors/credit`,
      timeoutMs: 2_000,
      auth: { type: 'api-key', header: 'X-Api-Key', key: 'k-123' },
    });
    await withKey.check(creditCheck());
    const [call] = await callsTo('credit');
    expect(call.headers['x-api-key']).toBe('k-123');
    expect(call.headers.authorization).toBeUndefined();
  });

  it('is refused, not retried, when the department requires a token it was not given', async () => {
    const guarded = await startSimulatedDepartments({ port: 0, token: 'right' });
    try {
      const wrong = new HttpConnector({
        code: 'credit',
        url: `${guarded.url}/connectors/credit`,
        timeoutMs: 2_000,
        auth: { type: 'bearer', token: 'wrong' },
      });
      const error = await transportError(wrong.check(creditCheck()));
      expect(error).toMatchObject({ failure: 'request-refused', status: 401, retryable: false });
      const right = new HttpConnector({
        code: 'credit',
        url: `${guarded.url}/connectors/credit`,
        timeoutMs: 2_000,
        auth: { type: 'bearer', token: 'right' },
      });
      await expect(right.check(creditCheck())).resolves.toMatchObject({ decision: 'approved' });
    } finally {
      await guarded.close();
    }
  });

  it('refuses, without retrying, a request that lacks a field the department needs', async () => {
    const error = await transportError(
      connector('credit').check({ caseId: 'c-4', stepId: 'creditCheck', data: { fullName: '赵六' } }),
    );
    expect(error).toMatchObject({ failure: 'request-refused', status: 400, retryable: false });
  });

  it('looks up prefill data, only the part asked for', async () => {
    const id = sampleResidentId({ sequenceDigit: 2 });
    const academic = connector('academic-credentials');
    await expect(academic.lookup({ subject: { residentId: id }, path: 'highestDegree' })).resolves.toEqual({
      found: true,
      data: { highestDegree: 'doctorate' },
      value: 'doctorate',
    });
    await expect(
      academic.lookup({
        subject: { residentId: sampleResidentId({ sequenceDigit: 0 }) },
        path: 'highestDegree',
      }),
    ).resolves.toEqual({ found: false });
    const household = await connector('household-registry').lookup({
      subject: { residentId: id },
      path: 'registeredAddress.city',
    });
    expect(household).toMatchObject({ found: true, value: '上海市' });
    expect(Object.keys(household.found ? household.data : {})).toEqual(['registeredAddress']);
    const [call] = await callsTo('household-registry');
    expect(call.body).toEqual({ subject: { residentId: id }, path: 'registeredAddress.city' });
  });

  describe('compensate', () => {
    const undo = (stepId = 'housingSubsidy', action = 'subsidy-clawback') => ({
      caseId: 'c-9',
      stepId,
      action,
      reason: 'rejected' as const,
    });

    it('undoes the action, then answers a retry already-compensated', async () => {
      const subsidy = connector('subsidy-payment', 2_000, 'secret-token');
      await expect(subsidy.compensate(undo())).resolves.toEqual({ status: 'compensated' });
      await expect(subsidy.compensate(undo())).resolves.toEqual({ status: 'already-compensated' });
      const calls = await callsTo('subsidy-payment');
      expect(calls).toEqual([
        expect.objectContaining({
          operation: 'compensate',
          caseId: 'c-9',
          stepId: 'housingSubsidy',
          action: 'subsidy-clawback',
          reason: 'rejected',
          result: 'compensated',
          body: undo(),
        }),
        expect.objectContaining({ operation: 'compensate', result: 'already-compensated' }),
      ]);
      expect(calls[0].headers.authorization).toBe('Bearer secret-token');
      expect(calls[0].headers['idempotency-key']).toBe('c-9:housingSubsidy:subsidy-clawback');
    });

    it('is a retryable server error while the department is down, and undoes nothing', async () => {
      await control('subsidy-payment', { mode: 'down' });
      const error = await transportError(connector('subsidy-payment').compensate(undo()));
      expect(error).toMatchObject({ failure: 'server-error', status: 503, retryable: true });
      await control('subsidy-payment', { mode: 'normal' });
      await expect(connector('subsidy-payment').compensate(undo())).resolves.toEqual({
        status: 'compensated',
      });
    });

    it('fails transiently for failTimes calls, then undoes', async () => {
      await control('subsidy-payment', { mode: 'normal', failTimes: 2 });
      const subsidy = connector('subsidy-payment');
      await transportError(subsidy.compensate(undo()));
      await transportError(subsidy.compensate(undo()));
      await expect(subsidy.compensate(undo())).resolves.toEqual({ status: 'compensated' });
      expect((await callsTo('subsidy-payment')).map((call) => call.status)).toEqual([503, 503, 200]);
    });

    it('times out (retryable) when the department is slower than the connector allows', async () => {
      await control('subsidy-payment', { mode: 'slow', delayMs: 5_000 });
      const started = Date.now();
      const error = await transportError(connector('subsidy-payment', 200).compensate(undo()));
      expect(error).toMatchObject({ failure: 'timeout', retryable: true });
      expect(Date.now() - started).toBeLessThan(2_000);
      await control('subsidy-payment', { mode: 'normal' });
      await expect(connector('subsidy-payment').compensate(undo())).resolves.toEqual({
        status: 'compensated',
      });
    });

    it('lets a test read the order of compensations across departments', async () => {
      await connector('foreign-work-permit').compensate(undo('workPermit', 'permit-revocation'));
      await connector('subsidy-payment').compensate(undo());
      await connector('tax-registry').compensate(undo('taxRegistration', 'deregistration'));
      const all = (await Promise.all(['subsidy-payment', 'tax-registry', 'foreign-work-permit'].map(callsTo)))
        .flat()
        .filter((call) => call.operation === 'compensate')
        .sort((a, b) => a.seq - b.seq);
      expect(all.map((call) => (call.operation === 'compensate' ? call.action : undefined))).toEqual([
        'permit-revocation',
        'subsidy-clawback',
        'deregistration',
      ]);
    });
  });

  it('reaches every configured connector through the registry built from config', async () => {
    const config = loadConfig({ CONNECTOR_BASE_URL: departments.url, CONNECTOR_TOKEN: 'from-config' });
    const registry = ConnectorRegistry.fromConfig(config, ['credit', 'social-insurance']);
    await expect(registry.get('credit').check(creditCheck())).resolves.toMatchObject({
      decision: 'approved',
    });
    const [call] = await callsTo('credit');
    expect(call.headers.authorization).toBe('Bearer from-config');
  });
});
