import { ConnectorTransportError, HttpConnector } from '@onething/connectors';
import { startSimulatedDepartments, type SimulatedDepartments } from './server';
import type { SimulationInput } from './simulations';

// A department simulated from configuration, reached through the real HTTP connector.
let departments: SimulatedDepartments;
const SECRET = 'hmac-secret-0123456789abcdef';

const certification: SimulationInput = {
  auth: { type: 'hmac', secret: SECRET },
  required: ['idNo'],
  rejectWhen: [{ field: 'idNo', endsWith: 'X', reason: 'No certificate can be issued to this person.' }],
  outputs: { certificate: { no: 'TC-{{$reference}}', holder: '{{idNo}}' }, level: 'A' },
};

beforeAll(async () => {
  departments = await startSimulatedDepartments({ simulations: {} });
  const response = await fetch(`${departments.url}/simulations/talent-certification`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(certification),
  });
  expect(response.status).toBe(200);
});
afterAll(() => departments.close());

const connector = (secret = SECRET) =>
  new HttpConnector({
    code: 'talent-certification',
    url: `${departments.url}/connectors/talent-certification`,
    timeoutMs: 2_000,
    auth: { type: 'hmac', secret },
    fieldNames: { residentId: 'idNo' },
    responseMapping: { 'certificate.no': 'certificateNumber', level: 'certificateLevel' },
  });
const request = (residentId: string) => ({ caseId: 'c-1', stepId: 'certify', data: { residentId } });

describe('a department simulated from configuration', () => {
  it("approves with the configured outputs, under the department's field names, mapped back to normalised names", async () => {
    const decision = await connector().check(request('310104199001010012'));
    expect(decision).toEqual({
      decision: 'approved',
      data: { certificateNumber: expect.stringMatching(/^TC-[0-9A-F]{12}$/), certificateLevel: 'A' },
    });
    // The same request gets the same reference: a demo can predict it.
    expect((await connector().check({ ...request('310104199001010012'), stepId: 'certify' })).data).toEqual(
      decision.data,
    );
  });

  it('rejects by its rules with the configured reason', async () => {
    await expect(connector().check({ ...request('31010419900101001X'), caseId: 'c-2' })).resolves.toEqual({
      decision: 'rejected',
      reason: 'No certificate can be issued to this person.',
    });
  });

  it('refuses a request without a required property, and a caller without the right signature', async () => {
    const missing = new HttpConnector({
      code: 'talent-certification',
      url: `${departments.url}/connectors/talent-certification`,
      timeoutMs: 2_000,
      auth: { type: 'hmac', secret: SECRET },
    });
    await expect(missing.check({ ...request('x'), caseId: 'c-3' })).rejects.toMatchObject({
      failure: 'request-refused',
      status: 400,
    });
    const error = await connector('wrong-secret-0123456789')
      .check({ ...request('y'), caseId: 'c-4' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorTransportError);
    expect(error).toMatchObject({ failure: 'request-refused', status: 401 });
  });

  it('refuses a configuration that does not follow the schema, with the offending field', async () => {
    const response = await fetch(`${departments.url}/simulations/other`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rejectWhen: [{ field: 'x' }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid-simulation',
      message: expect.stringContaining('reason'),
    });
  });

  it("keeps the talent domain's built-in rules for the connectors it ships with", async () => {
    const credit = new HttpConnector({
      code: 'credit',
      url: `${departments.url}/connectors/credit`,
      timeoutMs: 2_000,
    });
    await expect(
      credit.check({ caseId: 'c-5', stepId: 's', data: { fullName: 'A', residentId: '310104199001010012' } }),
    ).resolves.toMatchObject({
      decision: 'approved',
    });
  });
});
