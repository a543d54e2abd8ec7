import { randomUUID } from 'node:crypto';
import { HTTP } from 'cloudevents';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { EventPublisher, verifyWebhook, WebhookDispatcher, WebhookSignatureError } from '@onething/events';
import { ReadModel, TaskEntity } from '@onething/persistence';
import {
  exampleApplication,
  httpCall,
  PERSONAL_DATA_MARKERS,
  startTestStack,
  startWebhookReceiver,
  submitCase,
  waitUntil,
  type ReceivedWebhook,
  type TestStack,
  type WebhookReceiver,
} from '@onething/testing';
import { EventDispatch } from '../apps/worker/src/event-dispatch';

/**
 * Signed webhooks end to end: the worker's dispatcher on the real PostgreSQL and Temporal server, a
 * receiver on 127.0.0.1 verifying with the `standardwebhooks` library itself. Retries are fast here
 * (first wait 200 ms, doubling to 1.6 s, 4 attempts) so backoff and dead letters show in seconds.
 */
const BACKOFF_BASE_MS = 200;
const MAX_ATTEMPTS = 4;

let stack: TestStack;
let admin: Record<string, string>;
let talentOfficeSystem: Record<string, string>;
let housingSystem: Record<string, string>;
const receivers: WebhookReceiver[] = [];

const api = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  httpCall(stack.baseUrl, method, path, { headers, body });

async function departmentSystem(department: string): Promise<Record<string, string>> {
  const { body } = await api('POST', `/admin/departments/${department}/credentials`, admin, {
    label: 'webhooks',
  });
  return { 'content-type': 'application/json', authorization: `Bearer ${body.secret}` };
}

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver();
  receivers.push(started);
  return started;
}

async function subscribe(headers: Record<string, string>, body: Record<string, unknown>) {
  const { status, body: created } = await api('POST', '/webhooks/subscriptions', headers, body);
  expect(status).toBe(201);
  return created as { id: string; secret: string; department: string | null };
}

/** An event written to the outbox as the workflow's activities write theirs (ids only). */
async function appendEvent(caseId: string, type: string, payload: Record<string, unknown> = {}) {
  await stack.api.get(ReadModel).outbox.appendCaseEvent(caseId, type, payload);
}

async function deliveriesOf(subscriptionId: string, headers = admin) {
  const { body } = await api(
    'GET',
    `/webhooks/subscriptions/${subscriptionId}/deliveries?limit=100`,
    headers,
  );
  return body.items as { id: string; status: string; eventId: string; attempts: number }[];
}

async function deliveredOnce(subscriptionId: string, status: 'delivered' | 'dead') {
  return waitUntil(`a ${status} delivery`, async () => {
    const [delivery] = await deliveriesOf(subscriptionId);
    return delivery?.status === status ? delivery : undefined;
  });
}

beforeAll(async () => {
  stack = await startTestStack({
    env: {
      EVENT_DISPATCH_INTERVAL_MS: '100',
      WEBHOOK_BACKOFF_BASE_MS: String(BACKOFF_BASE_MS),
      WEBHOOK_BACKOFF_MAX_MS: '1600',
      WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      WEBHOOK_TIMEOUT_MS: '2000',
    },
  });
  // The schema is shared with the suites before this one, and the fuzzers among them create subscriptions
  // to made-up addresses: this suite's dispatcher must deliver to its own 127.0.0.1 receivers only, and
  // only the events from now on are its business.
  await stack.dataSource.transaction(async (tx) => {
    await tx.query('DELETE FROM webhook_delivery_attempts');
    await tx.query('DELETE FROM webhook_deliveries');
    await tx.query('DELETE FROM webhook_subscriptions');
    await tx.query('UPDATE outbox_events SET published_at = now() WHERE published_at IS NULL');
  });
  stack.workerApp!.get(EventDispatch).start();
  admin = await stack.headers('administrator');
  talentOfficeSystem = await departmentSystem('talent-office');
  housingSystem = await departmentSystem('housing');
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await stack.close();
});

describe('task.opened to a department system', () => {
  let hook: WebhookReceiver;
  let idsOnlyHook: WebhookReceiver;
  let subscription: { id: string; secret: string; department: string | null };
  let delivery: ReceivedWebhook;
  let task: TaskEntity;

  beforeAll(async () => {
    hook = await receiver();
    idsOnlyHook = await receiver();
    // The talent office's own system subscribes for itself; an administrator adds an ids-only subscriber.
    subscription = await subscribe(talentOfficeSystem, { url: hook.url, eventTypes: ['task.opened'] });
    await subscribe(admin, { url: idsOnlyHook.url, eventTypes: ['task.*'], description: 'data platform' });
    const caseId = await submitCase(stack, 'talent-introduction', exampleApplication());
    task = await waitUntil('the talent office task', () =>
      stack.dataSource
        .getRepository(TaskEntity)
        .findOneBy({ caseId, department: 'talent-office' })
        .then((t) => t ?? undefined),
    );
    delivery = await waitUntil('task.opened at the receiver', () =>
      Promise.resolve(hook.arrivalsOf({ subject: `cases/${caseId}`, type: 'task.opened' })[0]),
    );
  });

  it('arrives within 5 s of the task opening, and the standardwebhooks library verifies it', () => {
    const latencyMs = delivery.receivedAt - task.createdAt.getTime();
    process.stdout.write(
      `webhook delivery: task.opened reached the receiver ${latencyMs} ms after the task opened\n`,
    );
    expect(subscription.department).toBe('talent-office');
    expect(subscription.secret).toMatch(/^whsec_/);
    expect(latencyMs).toBeLessThan(5_000);
    const verified = new Webhook(subscription.secret).verify(delivery.body, delivery.headers);
    expect(verified).toMatchObject({
      specversion: '1.0',
      type: 'task.opened',
      id: delivery.headers['webhook-id'],
    });
  });

  it('is a CloudEvents 1.0 structured event carrying exactly the step contract fields', () => {
    expect(delivery.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    const event = HTTP.toEvent({ headers: delivery.headers, body: delivery.body }) as {
      data: Record<string, unknown>;
    };
    expect(event).toMatchObject({
      specversion: '1.0',
      source: stack.config.events.source,
      subject: `cases/${task.caseId}`,
      data: {
        caseId: task.caseId,
        taskId: task.id,
        stepId: 'talentCertification',
        department: 'talent-office',
      },
    });
    // The task's own projection: the five contract fields, nothing of the other steps' contracts.
    expect(event.data.fields).toEqual(task.data);
    expect(Object.keys(task.data).sort()).toEqual([
      'employer',
      'fullName',
      'mobile',
      'residentId',
      'talentCategory',
    ]);
    expect(delivery.body).not.toContain('monthsOfContributions');
  });

  it('records the disclosure in the access trail, field names only', async () => {
    const rows: { role: string; fields: string[]; resource: string }[] = await stack.dataSource.query(
      `SELECT role, fields, resource FROM access_trail WHERE actor_id = $1 AND case_id = $2`,
      [`webhook:${subscription.id}`, task.caseId],
    );
    expect(rows).toEqual([
      {
        role: 'department_system',
        resource: 'webhook:talentCertification',
        fields: ['employer', 'fullName', 'mobile', 'residentId', 'talentCategory'],
      },
    ]);
  });

  it('sends ids only to a subscription without a department', async () => {
    const [idsOnly] = await waitUntil('task.opened at the ids-only receiver', () => {
      const arrivals = idsOnlyHook.arrivalsOf({ subject: `cases/${task.caseId}`, type: 'task.opened' });
      return Promise.resolve(arrivals.length > 0 ? arrivals : undefined);
    });
    expect(idsOnly.event.data).toEqual({
      caseId: task.caseId,
      taskId: task.id,
      stepId: 'talentCertification',
      department: 'talent-office',
    });
    for (const marker of PERSONAL_DATA_MARKERS) expect(idsOnly.body).not.toContain(marker);
  });

  it('is rejected by the verifier when its body or timestamp was tampered with, or when replayed late', () => {
    const verifier = new Webhook(subscription.secret);
    const tampered = delivery.body.replace('talent-office', 'housing');
    expect(() => verifier.verify(tampered, delivery.headers)).toThrow(WebhookVerificationError);
    const moved = {
      ...delivery.headers,
      'webhook-timestamp': String(Number(delivery.headers['webhook-timestamp']) + 1),
    };
    expect(() => verifier.verify(delivery.body, moved)).toThrow(/No matching signature/);
    // The same delivery replayed six minutes later: outside the five-minute window.
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 6 * 60_000);
    try {
      expect(() => verifier.verify(delivery.body, delivery.headers)).toThrow(/too old/);
      expect(() => verifyWebhook(delivery.body, delivery.headers, [subscription.secret])).toThrow(
        expect.objectContaining({ reason: 'stale' }) as WebhookSignatureError,
      );
    } finally {
      clock.mockRestore();
    }
  });
});

describe('retries, the delivery log and dead letters', () => {
  it('retries with growing waits while the receiver answers 503, and logs every attempt', async () => {
    const hook = await receiver();
    hook.answerWith((_event, earlier) => (earlier < 3 ? 503 : 204));
    const { id, secret } = await subscribe(admin, { url: hook.url, eventTypes: ['drill.retry'] });
    const caseId = randomUUID();
    await appendEvent(caseId, 'drill.retry');
    const delivered = await deliveredOnce(id, 'delivered');

    const arrivals = hook.arrivalsOf({ subject: `cases/${caseId}` });
    expect(arrivals.map((a) => a.answered)).toEqual([503, 503, 503, 204]);
    // One message id on every attempt (the receiver dedupes by it), each attempt freshly signed.
    expect(new Set(arrivals.map((a) => a.headers['webhook-id']))).toEqual(new Set([delivered.eventId]));
    for (const arrival of arrivals)
      expect(() => verifyWebhook(arrival.body, arrival.headers, [secret])).not.toThrow();
    // Waits of base·2^(n-1), at least half of it with jitter: at least 100, 200, 400 ms (a busy machine
    // may add to any of them, so only the lower bounds are certain).
    const waits = arrivals.slice(1).map((a, i) => a.receivedAt - arrivals[i].receivedAt);
    waits.forEach((wait, i) => expect(wait).toBeGreaterThanOrEqual((BACKOFF_BASE_MS * 2 ** i) / 2 - 5));
    process.stdout.write(`webhook retries: waits between attempts ${waits.join(', ')} ms\n`);

    const { body: detail } = await api('GET', `/webhooks/deliveries/${delivered.id}`, admin);
    expect(detail).toMatchObject({
      status: 'delivered',
      attempts: 4,
      failedAttempts: 3,
      lastResponseStatus: 204,
    });
    expect(detail.attemptLog.map((a: any) => [a.attempt, a.outcome, a.responseStatus, a.error])).toEqual([
      [1, 'failed', 503, 'HTTP 503'],
      [2, 'failed', 503, 'HTTP 503'],
      [3, 'failed', 503, 'HTTP 503'],
      [4, 'delivered', 204, null],
    ]);
    for (const attempt of detail.attemptLog) expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('makes a dead letter after the last attempt, which an administrator redelivers', async () => {
    const hook = await receiver();
    hook.answerWith(() => 503);
    const { id } = await subscribe(admin, { url: hook.url, eventTypes: ['drill.*'] });
    const caseId = randomUUID();
    await appendEvent(caseId, 'drill.dead');
    const dead = await deliveredOnce(id, 'dead');
    expect(hook.arrivalsOf({ subject: `cases/${caseId}` })).toHaveLength(MAX_ATTEMPTS);

    const { body: letters } = await api('GET', `/webhooks/dead-letters?subscriptionId=${id}`, admin);
    expect(letters.items).toEqual([
      expect.objectContaining({
        id: dead.id,
        status: 'dead',
        attempts: 4,
        lastResponseStatus: 503,
        nextAttemptAt: null,
      }),
    ]);

    hook.answerWith(() => 200);
    const { status, body: again } = await api('POST', `/webhooks/deliveries/${dead.id}/redeliver`, admin);
    expect(status).toBe(200);
    expect(again).toMatchObject({ status: 'pending', failedAttempts: 0 });
    await deliveredOnce(id, 'delivered');
    const arrivals = hook.arrivalsOf({ subject: `cases/${caseId}` });
    expect(arrivals.map((a) => a.answered)).toEqual([503, 503, 503, 503, 200]);
    const { body: detail } = await api('GET', `/webhooks/deliveries/${dead.id}`, admin);
    expect(detail.attemptLog.map((a: any) => a.outcome)).toEqual([
      'failed',
      'failed',
      'failed',
      'failed',
      'delivered',
    ]);
    expect((await api('GET', `/webhooks/dead-letters?subscriptionId=${id}`, admin)).body.items).toEqual([]);
  });

  it('keeps deliveries of a paused subscription pending, and will not redeliver a pending one', async () => {
    const hook = await receiver();
    const { id } = await subscribe(admin, { url: hook.url, eventTypes: ['drill.paused'], active: false });
    await appendEvent(randomUUID(), 'drill.paused');
    const [pending] = await waitUntil('the pending delivery', async () => {
      const rows = await deliveriesOf(id);
      return rows.length > 0 ? rows : undefined;
    });
    expect(pending.status).toBe('pending');
    const { status, body } = await api('POST', `/webhooks/deliveries/${pending.id}/redeliver`, admin);
    expect([status, body.code]).toEqual([409, 'CONFLICT']);
    expect(hook.received).toHaveLength(0);
    await api('PATCH', `/webhooks/subscriptions/${id}`, admin, { active: true });
    await deliveredOnce(id, 'delivered');
    expect(hook.received).toHaveLength(1);
  });
});

describe('order per case', () => {
  it('delivers each case in event order across two dispatching replicas, a failed event retried before the next', async () => {
    const hook = await receiver();
    // Every odd event fails its first attempt: the next event of that case must wait for it.
    hook.answerWith((event, earlier) => (Number(event.sequence) % 2 === 1 && earlier === 0 ? 503 : 204));
    const { id } = await subscribe(admin, { url: hook.url, eventTypes: ['drill.order'] });
    const cases = [randomUUID(), randomUUID(), randomUUID()];
    const perCase = 6;
    for (let n = 0; n < perCase; n++) for (const caseId of cases) await appendEvent(caseId, 'drill.order');

    // A second replica: the API process's own publisher and dispatcher, racing the worker's.
    let racing = true;
    const publisher = stack.api.get(EventPublisher);
    const dispatcher = stack.api.get(WebhookDispatcher);
    const replica = (async () => {
      while (racing) {
        await publisher.publishPending();
        await dispatcher.deliverDue();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      await waitUntil('every event delivered', async () => {
        const rows = await deliveriesOf(id);
        return rows.length === cases.length * perCase && rows.every((row) => row.status === 'delivered');
      });
    } finally {
      racing = false;
      await replica;
    }

    for (const caseId of cases) {
      const arrivals = hook.arrivalsOf({ subject: `cases/${caseId}` });
      const sequences = arrivals.map((a) => Number(a.event.sequence));
      // Never a later event of the case before an earlier one was accepted: attempts go in order.
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      // Each event accepted exactly once, in write order.
      const accepted = arrivals.filter((a) => a.answered === 204).map((a) => Number(a.event.sequence));
      expect(accepted).toHaveLength(perCase);
      expect(new Set(accepted).size).toBe(perCase);
      expect(accepted).toEqual([...accepted].sort((a, b) => a - b));
    }
  });
});

describe('secret rotation', () => {
  it('signs with the new and the old secret during the grace period', async () => {
    const hook = await receiver();
    const created = await subscribe(admin, { url: hook.url, eventTypes: ['drill.rotation'] });
    const { status, body: rotated } = await api(
      'POST',
      `/webhooks/subscriptions/${created.id}/rotate-secret`,
      admin,
    );
    expect(status).toBe(200);
    expect(rotated.secret).not.toBe(created.secret);
    expect(Date.parse(rotated.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await appendEvent(randomUUID(), 'drill.rotation');
    await deliveredOnce(created.id, 'delivered');
    const [arrival] = hook.received;
    expect(arrival.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(rotated.secret).verify(arrival.body, arrival.headers)).not.toThrow();
    expect(() => new Webhook(created.secret).verify(arrival.body, arrival.headers)).not.toThrow();
    // Shown once: reading the subscription never answers a secret.
    const { body: read } = await api('GET', `/webhooks/subscriptions/${created.id}`, admin);
    expect(JSON.stringify(read)).not.toContain('whsec_');
  });
});

describe('who manages which subscription', () => {
  it("confines a department system to its own department's subscriptions", async () => {
    const hook = await receiver();
    const housing = await subscribe(housingSystem, { url: hook.url, eventTypes: ['task.opened'] });
    expect(housing.department).toBe('housing');
    const asked = await api('POST', '/webhooks/subscriptions', talentOfficeSystem, {
      url: hook.url,
      eventTypes: ['*'],
      department: 'housing',
    });
    expect([asked.status, asked.body.code, asked.body.path]).toEqual([403, 'FORBIDDEN', 'department']);
    for (const [method, path] of [
      ['GET', `/webhooks/subscriptions/${housing.id}`],
      ['PATCH', `/webhooks/subscriptions/${housing.id}`],
      ['POST', `/webhooks/subscriptions/${housing.id}/rotate-secret`],
      ['DELETE', `/webhooks/subscriptions/${housing.id}`],
      ['GET', `/webhooks/subscriptions/${housing.id}/deliveries`],
    ] as const) {
      const answer = await api(
        method,
        path,
        talentOfficeSystem,
        method === 'PATCH' ? { active: false } : undefined,
      );
      expect([method, path, answer.status]).toEqual([method, path, 404]);
    }
    const { body: own } = await api('GET', '/webhooks/subscriptions?limit=100', talentOfficeSystem);
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((s: { department: string }) => s.department === 'talent-office')).toBe(true);
    const { body: all } = await api('GET', '/webhooks/subscriptions?department=housing', admin);
    expect(all.items.map((s: { id: string }) => s.id)).toContain(housing.id);
    expect((await api('DELETE', `/webhooks/subscriptions/${housing.id}`, housingSystem)).status).toBe(204);
    expect((await api('GET', `/webhooks/subscriptions/${housing.id}`, admin)).status).toBe(404);
  });

  it('refuses a malformed URL, an unknown event filter and an unknown department, storing nothing', async () => {
    const before = (await api('GET', '/webhooks/subscriptions?limit=100', admin)).body.items.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://example.org/hook', eventTypes: ['*'] }, 'url'],
      [{ url: 'http://user:pw@example.org/hook', eventTypes: ['*'] }, 'url'],
      [{ url: 'http://127.0.0.1/hook', eventTypes: ['task.>'] }, 'eventTypes.0'],
      [{ url: 'http://127.0.0.1/hook', eventTypes: [] }, 'eventTypes'],
      [{ url: 'http://127.0.0.1/hook', eventTypes: ['*'], department: 'no-such-department' }, 'department'],
      [{ url: 'http://127.0.0.1/hook', eventTypes: ['*'], secret: 'mine' }, 'secret'],
    ];
    for (const [body, path] of cases) {
      const answer = await api('POST', '/webhooks/subscriptions', admin, body);
      expect([answer.status, answer.body.code, answer.body.details?.[0]?.path]).toEqual([
        400,
        'VALIDATION_FAILED',
        path,
      ]);
    }
    expect((await api('GET', '/webhooks/subscriptions?limit=100', admin)).body.items).toHaveLength(before);
  });
});
