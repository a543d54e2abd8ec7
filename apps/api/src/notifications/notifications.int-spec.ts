import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger } from '@onething/logging';
import {
  InAppChannel,
  NotificationInputError,
  NotificationService,
  type NotificationChannel,
  type NotifyInput,
} from '@onething/notifications';
import { NotificationDeliveryEntity, NotificationEntity } from '@onething/persistence';
import { comparableHeaders, httpCall, startTestStack, TestStack } from '@onething/testing';

let stack: TestStack;
let service: NotificationService;

beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
  service = stack.api.get(NotificationService);
});
afterAll(async () => {
  await stack.close();
});

type Json = Record<string, any>;
type Person = 'applicant' | 'counter_clerk' | 'administrator' | 'auditor' | 'department_supervisor';
async function call(method: string, path: string, as: Person) {
  return httpCall<Json>(stack.baseUrl, method, path, { headers: await stack.headers(as) });
}
const inbox = (as: Person, query = '') => call('GET', `/me/notifications${query ? `?${query}` : ''}`, as);
const deliveries = (query: string) => call('GET', `/admin/notification-deliveries?${query}`, 'auditor');

/** A notice about a fresh case; the marker in its texts lets a test look for them in the logs. */
function notice(overrides: Partial<NotifyInput> = {}): NotifyInput {
  const marker = `secret-${randomUUID()}`;
  return {
    dedupeKey: `material-requested:${randomUUID()}`,
    recipientAccountIds: [stack.accounts.applicant.id],
    kind: 'material-requested',
    caseId: randomUUID(),
    title: { 'zh-CN': `请补充材料 ${marker}`, en: `More material needed ${marker}` },
    body: { 'zh-CN': `请上传学历证明 ${marker}`, en: `Upload your degree certificate ${marker}` },
    data: { deadline: '2025-12-31' },
    ...overrides,
  };
}

const markerIn = (input: NotifyInput) => /secret-[0-9a-f-]+/.exec(input.title.en)![0];

/** A channel that fails until it is healed, counting what reached it. */
function flakyChannel() {
  const state = { healthy: false, delivered: [] as string[] };
  const channel: NotificationChannel = {
    name: `flaky-${randomUUID().slice(0, 8)}`,
    deliver(notification) {
      if (!state.healthy) return Promise.reject(new Error('gateway unavailable'));
      state.delivered.push(notification.id);
      return Promise.resolve();
    },
  };
  return { channel, state };
}

describe('notify', () => {
  it('stores a notice once however often it is sent with the same dedupe key', async () => {
    const input = notice();
    const first = await service.notify(input);
    const again = await service.notify(input);
    expect(first.notifications).toEqual([
      expect.objectContaining({
        recipientAccountId: stack.accounts.applicant.id,
        created: true,
        deliveries: [{ channel: 'in-app', status: 'delivered', error: null }],
      }),
    ]);
    // The retry finds the row and a channel that already delivered it: nothing is sent again.
    expect(again.notifications).toEqual([{ ...first.notifications[0], created: false, deliveries: [] }]);
    const rows = await stack.dataSource
      .getRepository(NotificationEntity)
      .findBy({ dedupeKey: input.dedupeKey });
    expect(rows).toHaveLength(1);
    expect(
      await stack.dataSource
        .getRepository(NotificationDeliveryEntity)
        .countBy({ notificationId: rows[0].id }),
    ).toBe(1);
  });

  it('stores and delivers once when two calls with the same key race', async () => {
    const { channel, state } = flakyChannel();
    state.healthy = true;
    const racing = new NotificationService(stack.dataSource, [new InAppChannel(), channel], quietLog());
    const input = notice();
    const [a, b] = await Promise.all([racing.notify(input), racing.notify(input)]);
    expect(a.notifications[0].id).toBe(b.notifications[0].id);
    expect(state.delivered).toEqual([a.notifications[0].id]);
    expect(
      await stack.dataSource
        .getRepository(NotificationDeliveryEntity)
        .countBy({ notificationId: a.notifications[0].id }),
    ).toBe(2);
  });

  it('stores one row per recipient, each delivered on its own', async () => {
    const supervisors = [stack.accounts.department_supervisor.id, stack.accounts.administrator.id];
    const input = notice({ kind: 'task-escalated', recipientAccountIds: [...supervisors, supervisors[0]] });
    const result = await service.notify(input);
    expect(result.notifications.map((n) => n.recipientAccountId)).toEqual(supervisors);
    expect((await inbox('department_supervisor', `caseId=${input.caseId}`)).body.items).toHaveLength(1);
  });

  it('refuses a notice that is not one before storing anything', async () => {
    const input = notice();
    await expect(
      service.notify({ ...input, title: { 'zh-CN': '结果' } as NotifyInput['title'] }),
    ).rejects.toThrow(NotificationInputError);
    expect(await stack.dataSource.getRepository(NotificationEntity).countBy({ caseId: input.caseId })).toBe(
      0,
    );
  });

  it('keeps a notice whose channel fails, logs the failure, and delivers it on retry once the channel heals', async () => {
    const { channel, state } = flakyChannel();
    const lines: string[] = [];
    const log = createLogger(
      { level: 'debug', service: 'test' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const withFlaky = new NotificationService(stack.dataSource, [new InAppChannel(), channel], log);
    const input = notice({ kind: 'case-result' });

    const result = await withFlaky.notify(input);
    const id = result.notifications[0].id;
    expect(result.notifications[0].deliveries).toEqual([
      { channel: 'in-app', status: 'delivered', error: null },
      { channel: channel.name, status: 'failed', error: 'Error: gateway unavailable' },
    ]);
    // The inbox has it all the same.
    expect((await inbox('applicant', `caseId=${input.caseId}`)).body.items).toEqual([
      expect.objectContaining({ id, kind: 'case-result', title: input.title, readAt: null }),
    ]);
    const failed = await deliveries(`caseId=${input.caseId}&status=failed`);
    expect(failed).toMatchObject({ status: 200, body: { nextCursor: null } });
    expect(failed.body.items).toHaveLength(1);
    expect(failed.body.items[0]).toMatchObject({
      notificationId: id,
      channel: channel.name,
      status: 'failed',
      error: 'Error: gateway unavailable',
      kind: 'case-result',
      caseId: input.caseId,
      recipientAccountId: stack.accounts.applicant.id,
    });

    // Still down: the retry logs another failed attempt and the notice stays waiting.
    // (The sweep sees this test's channel only: its name is unique.)
    expect(await withFlaky.retryFailed()).toEqual({ attempted: 1, delivered: 0, failed: 1 });
    expect((await deliveries(`caseId=${input.caseId}&status=failed`)).body.items).toHaveLength(2);

    state.healthy = true;
    expect(await withFlaky.retryFailed()).toEqual({ attempted: 1, delivered: 1, failed: 0 });
    expect(state.delivered).toEqual([id]);
    const attempts = await deliveries(`caseId=${input.caseId}&channel=${channel.name}`);
    expect(attempts.body.items.map((d: Json) => d.status)).toEqual(['delivered', 'failed', 'failed']);
    // Delivered is final: neither another sweep nor a retried notify sends it again.
    expect(await withFlaky.retryFailed()).toEqual({ attempted: 0, delivered: 0, failed: 0 });
    expect((await withFlaky.notify(input)).notifications[0].deliveries).toEqual([]);
    expect(state.delivered).toEqual([id]);

    // Ids and kinds in the logs; never the texts, nor the channel's error text.
    const logged = lines.join('');
    expect(logged).toContain(id);
    expect(logged).toContain('notification delivery failed');
    expect(logged).not.toContain(markerIn(input));
    expect(logged).not.toContain('gateway unavailable');
  });

  it('leaves a channel that keeps failing alone after maxAttempts', async () => {
    const { channel } = flakyChannel();
    const withFlaky = new NotificationService(stack.dataSource, [new InAppChannel(), channel], quietLog());
    const input = notice();
    await withFlaky.notify(input);
    await withFlaky.retryFailed({ maxAttempts: 2 });
    expect(await withFlaky.retryFailed({ maxAttempts: 2 })).toEqual({
      attempted: 0,
      delivered: 0,
      failed: 0,
    });
    expect((await deliveries(`caseId=${input.caseId}&status=failed`)).body.items).toHaveLength(2);
  });

  it('writes no notice text to the API logs', async () => {
    const input = notice();
    await service.notify(input);
    expect(stack.logs.join('')).not.toContain(markerIn(input));
  });
});

describe('GET /me/notifications', () => {
  it("lists the caller's own notices only, newest first, with filters, paging and the unread count", async () => {
    const caseId = randomUUID();
    const ids: string[] = [];
    for (const kind of ['material-requested', 'case-result', 'case-cancelled'] as const)
      ids.push((await service.notify(notice({ caseId, kind }))).notifications[0].id);
    // Someone else's notice about the same case.
    const clerks = await service.notify(
      notice({ caseId, recipientAccountIds: [stack.accounts.counter_clerk.id] }),
    );

    const all = await inbox('applicant', `caseId=${caseId}`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((n: Json) => n.id)).toEqual([...ids].reverse());
    expect(all.body).toMatchObject({ nextCursor: null, total: 3 });
    expect(all.body.items[0]).toEqual({
      id: ids[2],
      kind: 'case-cancelled',
      caseId,
      title: expect.any(Object),
      body: expect.any(Object),
      data: { deadline: '2025-12-31' },
      createdAt: expect.any(String),
      readAt: null,
    });

    const page1 = await inbox('applicant', `caseId=${caseId}&limit=2`);
    expect(page1.body.items.map((n: Json) => n.id)).toEqual([ids[2], ids[1]]);
    const page2 = await inbox('applicant', `caseId=${caseId}&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toMatchObject({ nextCursor: null, total: 3 });
    expect(page2.body.items.map((n: Json) => n.id)).toEqual([ids[0]]);

    const results = await inbox('applicant', `caseId=${caseId}&kind=case-result`);
    expect(results.body.items.map((n: Json) => n.id)).toEqual([ids[1]]);

    const clerksInbox = await inbox('counter_clerk', `caseId=${caseId}`);
    expect(clerksInbox.body.items.map((n: Json) => n.id)).toEqual([clerks.notifications[0].id]);
    expect(clerksInbox.body.unreadCount).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['unread=yes', 'unread'],
    ['kind=birthday', 'kind'],
    ['caseId=42', 'caseId'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['color=red', 'color'],
  ])('answers %s with 400 and the offending field', async (query, path) => {
    expect(await inbox('applicant', query)).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', path },
    });
  });
});

describe('POST /me/notifications/:id/read', () => {
  it('marks the caller’s own notice read once, and the unread filter and count follow', async () => {
    const caseId = randomUUID();
    const [first, second] = [
      (await service.notify(notice({ caseId }))).notifications[0].id,
      (await service.notify(notice({ caseId }))).notifications[0].id,
    ];
    const before = await inbox('applicant', `caseId=${caseId}&unread=true`);
    expect(before.body.total).toBe(2);

    const read = await call('POST', `/me/notifications/${first}/read`, 'applicant');
    expect(read).toMatchObject({ status: 200, body: { id: first, readAt: expect.any(String) } });
    // Idempotent: reading again keeps the first time.
    const again = await call('POST', `/me/notifications/${first}/read`, 'applicant');
    expect(again).toMatchObject({ status: 200, body: { readAt: read.body.readAt } });

    const after = await inbox('applicant', `caseId=${caseId}&unread=true`);
    expect(after.body.items.map((n: Json) => n.id)).toEqual([second]);
    expect(after.body.unreadCount).toBe(before.body.unreadCount - 1);
    expect((await inbox('applicant', `caseId=${caseId}&unread=false`)).body.total).toBe(2);
  });

  it("answers another person's notice like a missing one, and changes nothing", async () => {
    const clerks = (await service.notify(notice({ recipientAccountIds: [stack.accounts.counter_clerk.id] })))
      .notifications[0].id;
    const missing = await call('POST', `/me/notifications/${randomUUID()}/read`, 'applicant');
    const foreign = await call('POST', `/me/notifications/${clerks}/read`, 'applicant');
    // Alike to the header, less the per-response ones (date, request id).
    expect({ ...foreign, headers: comparableHeaders(foreign.headers) }).toEqual({
      ...missing,
      headers: comparableHeaders(missing.headers),
    });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', path: 'id' } });
    expect(
      (await stack.dataSource.getRepository(NotificationEntity).findOneByOrFail({ id: clerks })).readAt,
    ).toBe(null);
  });

  it('answers an id that is not a UUID with 400 and the path', async () => {
    expect(await call('POST', '/me/notifications/42/read', 'applicant')).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', path: 'id' },
    });
  });
});

describe('GET /admin/notification-deliveries', () => {
  it('pages the delivery log, filtered by channel', async () => {
    const caseId = randomUUID();
    await service.notify(notice({ caseId }));
    await service.notify(notice({ caseId }));
    const page = await deliveries(`caseId=${caseId}&channel=in-app&status=delivered&limit=1`);
    expect(page).toMatchObject({ status: 200, body: { nextCursor: expect.any(String) } });
    expect(page.body.items).toHaveLength(1);
    const last = await deliveries(
      `caseId=${caseId}&channel=in-app&status=delivered&limit=1&cursor=${page.body.nextCursor}`,
    );
    expect(last).toMatchObject({ status: 200, body: { nextCursor: null } });
    expect(last.body.items[0].id).not.toBe(page.body.items[0].id);
    expect(page.body.items[0]).not.toHaveProperty('title');
  });

  it.each([
    ['status=lost', 'status'],
    ['channel=Not A Channel', 'channel'],
    ['caseId=42', 'caseId'],
  ])('answers %s with 400 and the offending field', async (query, path) => {
    expect(await deliveries(query)).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', path } });
  });
});

function quietLog() {
  return createLogger({ level: 'silent', service: 'test' });
}
