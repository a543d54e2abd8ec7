import { CaseEntity, CaseStepEntity, OutboxEventEntity } from '@onething/persistence';
import {
  exampleApplication,
  PERSONAL_DATA_MARKERS,
  startTestStack,
  TestStack,
  waitUntil,
} from '@onething/testing';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

async function post(body: unknown, raw?: string) {
  const response = await fetch(`${stack.baseUrl}/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function getCase(id: string) {
  const response = await fetch(`${stack.baseUrl}/cases/${id}`);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function waitForResult(id: string) {
  return waitUntil(`case ${id} to finish`, async () => {
    const { body } = await getCase(id);
    return body.result ? body : undefined;
  });
}

async function counts() {
  const ds = stack.dataSource;
  return {
    cases: await ds.getRepository(CaseEntity).count(),
    steps: await ds.getRepository(CaseStepEntity).count(),
    outbox: await ds.getRepository(OutboxEventEntity).count(),
  };
}

describe('POST /cases and GET /cases/:id', () => {
  it('runs both departments in parallel and merges their outcomes into one approved result', async () => {
    const submitted = await post({ definitionKey: 'talent-introduction', application: exampleApplication() });
    expect(submitted.status).toBe(201);
    expect(submitted.body.steps.map((s: { department: string }) => s.department).sort()).toEqual([
      'hrss',
      'talent-office',
    ]);

    const finished = await waitForResult(submitted.body.id);
    expect(finished.status).toBe('approved');
    expect(finished.result.decision).toBe('approved');
    expect(finished.steps.every((s: { status: string }) => s.status === 'approved')).toBe(true);
    const result = await stack.client.workflow.getHandle(`case-${submitted.body.id}`).result();
    expect(result.decision).toBe('approved');
  });

  it('rejects the case with every sub-decision when one department says no', async () => {
    const submitted = await post({
      definitionKey: 'talent-introduction',
      application: exampleApplication({ talentCategory: 'E' }),
    });
    const finished = await waitForResult(submitted.body.id);
    expect(finished.status).toBe('rejected');
    const byStep = Object.fromEntries(finished.result.steps.map((s: { stepId: string }) => [s.stepId, s]));
    expect(byStep['talent-certification']).toMatchObject({
      decision: 'rejected',
      reason: expect.stringContaining('Category E'),
    });
    expect(byStep['insurance-transfer']).toMatchObject({ decision: 'approved' });
  });

  it('writes the case, its steps and the submission event in one go, and completes with one result event', async () => {
    const submitted = await post({ definitionKey: 'talent-introduction', application: exampleApplication() });
    await waitForResult(submitted.body.id);
    const events = await stack.dataSource
      .getRepository(OutboxEventEntity)
      .find({ where: { aggregateId: submitted.body.id }, order: { id: 'ASC' } });
    expect(events.map((e) => e.type).sort()).toEqual([
      'case.completed',
      'case.step.completed',
      'case.step.completed',
      'case.submitted',
    ]);
    expect(events.find((e) => e.type === 'case.submitted')!.dispatchedAt).not.toBeNull();
  });

  it.each([
    [
      'a missing field',
      { definitionKey: 'talent-introduction', application: { ...exampleApplication(), phone: undefined } },
      'application.phone',
    ],
    [
      'a wrong ID check character',
      {
        definitionKey: 'talent-introduction',
        application: exampleApplication({ idNumber: '110105194912310021' }),
      },
      'application.idNumber',
    ],
    [
      'an unknown field',
      { definitionKey: 'talent-introduction', application: { ...exampleApplication(), religion: 'x' } },
      'application.religion',
    ],
    ['an unknown definition', { definitionKey: 'nope', application: exampleApplication() }, 'definitionKey'],
    [
      'a number given as text',
      {
        definitionKey: 'talent-introduction',
        application: { ...exampleApplication(), monthsContributed: '36' },
      },
      'application.monthsContributed',
    ],
  ])('answers 400 with the offending path and stores nothing for %s', async (_name, body, path) => {
    const before = await counts();
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', path });
    expect(typeof response.body.message).toBe('string');
    expect(await counts()).toEqual(before);
  });

  it('answers 400 MALFORMED_JSON for a body that is not JSON, and stores nothing', async () => {
    const before = await counts();
    const response = await post(undefined, '{"definitionKey": ');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'MALFORMED_JSON', path: '' });
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for an unknown case and 400 for an id that is not a UUID', async () => {
    expect(await getCase('00000000-0000-4000-8000-000000000000')).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(await getCase('not-a-uuid')).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', path: 'id' },
    });
  });

  it('keeps personal data out of workflow ids, Temporal payloads and history, and the logs', async () => {
    const submitted = await post({ definitionKey: 'talent-introduction', application: exampleApplication() });
    await waitForResult(submitted.body.id);
    const handle = stack.client.workflow.getHandle(`case-${submitted.body.id}`);
    const history = await handle.fetchHistory();
    // Payload bytes decoded as text, so nothing hides behind an encoding.
    const text = JSON.stringify(history, (_key, value: unknown): unknown =>
      value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value,
    );
    expect(text).toContain(submitted.body.id);
    expect(handle.workflowId).toBe(`case-${submitted.body.id}`);
    for (const marker of PERSONAL_DATA_MARKERS) {
      expect(text).not.toContain(marker);
      expect(stack.logs.join('\n')).not.toContain(marker);
    }
  });

  it('finds the case in Temporal by its search attributes', async () => {
    const submitted = await post({ definitionKey: 'talent-introduction', application: exampleApplication() });
    await waitForResult(submitted.body.id);
    const found = await waitUntil('the case to be visible by its search attributes', async () => {
      const ids: string[] = [];
      for await (const wf of stack.client.workflow.list({
        query: `OnethingCaseId = '${submitted.body.id}' AND OnethingDefinitionKey = 'talent-introduction' AND OnethingCaseStatus = 'approved'`,
      })) {
        ids.push(wf.workflowId);
      }
      return ids.length === 1 ? ids : undefined;
    });
    expect(found).toEqual([`case-${submitted.body.id}`]);
  });
});
