import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signWebhook } from '@onething/events';
import { SAMPLE_CATALOG_DIRECTORY } from '@onething/definition/node';
import {
  httpCall,
  publishTestDefinition,
  startTestStack,
  waitUntil,
  type TestStack,
} from '@onething/testing';

/**
 * Proactive one-things (免申即享) and pledges (承诺办) through the API, on the real Temporal server and
 * PostgreSQL with the simulated departments: a department system posts a signed CloudEvent, the person
 * confirms with one answer, the case runs to its result; duplicates, ineligible events and bad
 * signatures start (and store) nothing. The sample `talent-housing-subsidy-proactive` is the definition.
 */
jest.setTimeout(120_000);

const KEY = 'talent-housing-subsidy-proactive';
const SOURCE = 'talent-office-system';
const EVENT_TYPE = 'gov.talent-office.talent-certified';
const RESIDENT_ID = '11010519491231002X';
const NAME = '王五六';

let stack: TestStack;
let secret: string;

beforeAll(async () => {
  stack = await startTestStack();
  await publishTestDefinition(
    stack.dataSource,
    readFileSync(`${SAMPLE_CATALOG_DIRECTORY}/${KEY}.yaml`, 'utf8'),
  );
  const created = await httpCall(stack.baseUrl, 'POST', '/admin/inbound-sources', {
    headers: await stack.headers('administrator'),
    body: { code: SOURCE, department: 'talent-office' },
  });
  expect(created.status).toBe(201);
  secret = created.body.secret;
});
afterAll(() => stack?.close());

/** A talent-certified event for the seeded applicant (level A in the city unless told otherwise). */
function certified(data: Record<string, unknown> = {}, id = randomUUID()) {
  return {
    specversion: '1.0',
    id,
    source: SOURCE,
    type: EVENT_TYPE,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: {
      talentLevel: 'A',
      city: 'hangzhou',
      person: { username: stack.accounts.applicant.username, name: NAME, residentId: RESIDENT_ID },
      ...data,
    },
  };
}

/** Posts the event signed with `signingSecret` at `timestamp`; `body` replaces the signed bytes (tampering). */
function post(
  event: ReturnType<typeof certified>,
  options: { signingSecret?: string; timestamp?: Date; body?: string } = {},
) {
  const body = JSON.stringify(event);
  const headers = signWebhook({ id: event.id, timestamp: options.timestamp ?? new Date(), body }, [
    options.signingSecret ?? secret,
  ]);
  return httpCall(stack.baseUrl, 'POST', '/events/inbound', { raw: options.body ?? body, headers });
}

async function counts(): Promise<{ events: number; cases: number }> {
  const [row] = await stack.dataSource.query<{ events: string; cases: string }[]>(
    `SELECT (SELECT count(*) FROM inbound_events) AS events,
            (SELECT count(*) FROM cases WHERE definition_key = $1) AS cases`,
    [KEY],
  );
  return { events: Number(row.events), cases: Number(row.cases) };
}

async function caseOf(id: string) {
  return httpCall(stack.baseUrl, 'GET', `/cases/${id}`, { headers: await stack.headers('applicant') });
}

describe('inbound events start proactive cases (免申即享)', () => {
  it('starts a case the person confirms with one answer, and it runs to one result', async () => {
    const event = certified();
    const received = await post(event);
    expect(received.status).toBe(202);
    expect(received.body).toMatchObject({ eventId: event.id, outcome: 'started', source: SOURCE });
    const caseId: string = received.body.cases[0].caseId;
    expect((await caseOf(caseId)).body.status).toBe('awaiting_confirmation');

    // The person is told (the offer workflow's first activity), in their own inbox.
    const notification = await waitUntil('the offer notification', async () => {
      const inbox = await httpCall(stack.baseUrl, 'GET', '/me/notifications?limit=50', {
        headers: await stack.headers('applicant'),
      });
      return inbox.body.items.find(
        (n: { kind: string; caseId: string }) => n.kind === 'proactive-offer' && n.caseId === caseId,
      );
    });
    expect(notification.data.confirmBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const offer = await httpCall(stack.baseUrl, 'GET', `/cases/${caseId}/offer`, {
      headers: await stack.headers('applicant'),
    });
    expect(offer.status).toBe(200);
    expect(offer.body.prefilled).toEqual({ fullName: NAME, residentId: RESIDENT_ID, talentLevel: 'A' });
    expect(offer.body.missing).toEqual(['bankAccount']);
    expect(offer.body.pledges.map((p: { stepId: string }) => p.stepId)).toEqual(['housingCheck']);

    const confirmed = await httpCall(stack.baseUrl, 'POST', `/cases/${caseId}/confirm`, {
      headers: await stack.headers('applicant'),
      body: { answers: { bankAccount: '6222020200112233445' } },
    });
    expect(confirmed.status).toBe(200);
    const done = await waitUntil('the proactive case to close', async () => {
      const view = await caseOf(caseId);
      return view.body.result ? view.body : undefined;
    });
    expect(done.status).toBe('approved');
    expect(done.steps.map((step: { status: string }) => step.status)).toEqual([
      'approved',
      'approved',
      'approved',
    ]);

    // The event's personal data reached no log line; the workflow ids carry the case id only.
    const logs = stack.logs.join('\n');
    expect(logs).not.toContain(RESIDENT_ID);
    expect(logs).not.toContain(NAME);
  });

  it('starts nothing for a duplicate delivery, answering with the first outcome', async () => {
    const event = certified();
    const first = await post(event);
    const before = await counts();
    const again = await post(event);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      outcome: 'duplicate',
      firstOutcome: 'started',
      duplicateOf: first.body.id,
      cases: first.body.cases,
    });
    const after = await counts();
    expect(after.cases).toBe(before.cases);
    expect(after.events).toBe(before.events + 1);
  });

  it('records an ineligible event for administrators and starts nothing', async () => {
    const before = await counts();
    const received = await post(certified({ talentLevel: 'D' }));
    expect(received.status).toBe(202);
    expect(received.body).toMatchObject({
      outcome: 'ineligible',
      cases: [{ definitionKey: KEY, definitionVersion: 1, outcome: 'ineligible' }],
    });
    expect((await counts()).cases).toBe(before.cases);
    const listed = await httpCall(
      stack.baseUrl,
      'GET',
      '/admin/inbound-events?outcome=ineligible&limit=100',
      {
        headers: await stack.headers('administrator'),
      },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(received.body.id);
  });

  it('records an event no definition listens to as no-trigger', async () => {
    const event = { ...certified(), type: 'gov.civil-affairs.marriage-registered' };
    const received = await post(event);
    expect(received.body).toMatchObject({ outcome: 'no-trigger', cases: [] });
  });

  it('refuses a bad, stale, tampered or unknown-source signature with 401 and stores nothing', async () => {
    const before = await counts();
    const event = certified();
    const wrongSecret = await post(event, {
      signingSecret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
    });
    const stale = await post(event, { timestamp: new Date(Date.now() - 10 * 60_000) });
    const tampered = await post(event, {
      body: JSON.stringify({ ...event, data: { ...event.data, talentLevel: 'B' } }),
    });
    const unsigned = await httpCall(stack.baseUrl, 'POST', '/events/inbound', { body: event });
    const unknownSource = await post({ ...event, source: 'nobody-here' });
    for (const [answer, reason] of [
      [wrongSecret, 'BAD_SIGNATURE'],
      [stale, 'STALE'],
      [tampered, 'BAD_SIGNATURE'],
      [unsigned, 'MISSING_HEADERS'],
      [unknownSource, 'UNKNOWN_SOURCE'],
    ] as const) {
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ code: 'INBOUND_SIGNATURE_INVALID', details: [{ code: reason }] });
    }
    expect(await counts()).toEqual(before);
  });

  it('leaves a prefilled value the form refuses for the person to answer', async () => {
    const received = await post(
      certified({ person: { username: stack.accounts.applicant.username, name: NAME, residentId: '123' } }),
    );
    const caseId: string = received.body.cases[0].caseId;
    const offer = await httpCall(stack.baseUrl, 'GET', `/cases/${caseId}/offer`, {
      headers: await stack.headers('applicant'),
    });
    expect(offer.body.prefilled).toEqual({ fullName: NAME, talentLevel: 'A' });
    expect(offer.body.missing).toEqual(['residentId', 'bankAccount']);
  });

  it('lets the person decline, after which the case cannot be confirmed', async () => {
    const received = await post(certified());
    const caseId: string = received.body.cases[0].caseId;
    const declined = await httpCall(stack.baseUrl, 'POST', `/cases/${caseId}/decline`, {
      headers: await stack.headers('applicant'),
    });
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('declined');
    const late = await httpCall(stack.baseUrl, 'POST', `/cases/${caseId}/confirm`, {
      headers: await stack.headers('applicant'),
      body: { answers: { bankAccount: '6222020200112233445' } },
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('NOT_AWAITING_CONFIRMATION');
  });

  it('refuses a confirmation missing an answer, naming it under answers, and leaves the case waiting', async () => {
    const received = await post(certified());
    const caseId: string = received.body.cases[0].caseId;
    const refused = await httpCall(stack.baseUrl, 'POST', `/cases/${caseId}/confirm`, {
      headers: await stack.headers('applicant'),
      body: { answers: {} },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((detail: { path: string }) => detail.path)).toContain(
      'answers.bankAccount',
    );
    expect((await caseOf(caseId)).body.status).toBe('awaiting_confirmation');
  });
});

describe('pledge mode (承诺办)', () => {
  it('approves the pledged step at once on the signed pledge, shows the pledge, and leaves its verification waiting', async () => {
    const submitted = await httpCall(stack.baseUrl, 'POST', '/cases', {
      headers: await stack.headers('applicant'),
      body: {
        definitionKey: KEY,
        application: {
          fullName: NAME,
          residentId: RESIDENT_ID,
          talentLevel: 'B',
          bankAccount: '6222020200112233445',
        },
        pledges: ['housingCheck'],
      },
    });
    expect(submitted.status).toBe(201);
    const caseId: string = submitted.body.id;
    const view = await waitUntil('the payment after the pledged approval', async () => {
      const current = (await caseOf(caseId)).body;
      const payment = current.steps.find((step: { stepId: string }) => step.stepId === 'subsidyPayment');
      return payment.status === 'approved' ? current : undefined;
    });
    const byId = Object.fromEntries(view.steps.map((step: { stepId: string }) => [step.stepId, step]));
    expect(byId.housingCheck).toMatchObject({
      status: 'approved',
      reason: expect.stringContaining('pledge'),
    });
    expect(byId.housingVerification.status).toBe('pending');
    expect(view.status).toBe('in_progress');
    expect(view.pledges).toEqual([
      expect.objectContaining({
        stepId: 'housingCheck',
        revokedAt: null,
        text: expect.objectContaining({ en: expect.stringContaining('I pledge') }),
      }),
    ]);
    // The submission answers from what it stored: the same pledges, steps and instants a read shows.
    const stepIds = (answer: { steps: { stepId: string }[] }) => answer.steps.map((step) => step.stepId);
    expect(submitted.body).toMatchObject({
      id: caseId,
      definition: view.definition,
      submittedAt: view.submittedAt,
      pledges: view.pledges,
      openNotices: [],
    });
    expect(stepIds(submitted.body)).toEqual(stepIds(view));
    // Approved on the pledge: the property registry was not asked (its verification comes later).
    expect(await stack.departmentCalls('property-registry', { caseId })).toEqual([]);
  });

  it('refuses a pledge for a step that asks for none, storing nothing', async () => {
    const before = await counts();
    const refused = await httpCall(stack.baseUrl, 'POST', '/cases', {
      headers: await stack.headers('applicant'),
      body: {
        definitionKey: KEY,
        application: {
          fullName: NAME,
          residentId: RESIDENT_ID,
          talentLevel: 'B',
          bankAccount: '6222020200112233445',
        },
        pledges: ['subsidyPayment'],
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details[0].path).toBe('pledges');
    expect(await counts()).toEqual(before);
  });
});
