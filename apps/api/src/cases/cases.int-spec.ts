import { CaseEntity, CaseStepEntity, OutboxEventEntity, TaskEntity } from '@onething/persistence';
import { spawnSync } from 'node:child_process';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { loadConfigFromProcess } from '@onething/config';
import { findOrBuildTemporalCli } from '@onething/devservers';
import { decideTaskUpdate } from '@onething/workflows';
import {
  exampleApplication,
  PERSONAL_DATA_MARKERS,
  residentIdWithCreditRecord,
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

async function post(body: unknown, options: { raw?: string; idempotencyKey?: string } = {}) {
  const response = await fetch(`${stack.baseUrl}/cases`, {
    method: 'POST',
    headers: {
      ...(await stack.headers('applicant')),
      ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
    },
    body: options.raw ?? JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const submit = (application = exampleApplication(), options: { idempotencyKey?: string } = {}) =>
  post({ definitionKey: 'talent-introduction', application }, options);

async function getCase(id: string) {
  const response = await fetch(`${stack.baseUrl}/cases/${id}`, { headers: await stack.headers('applicant') });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function openTask(caseId: string) {
  return waitUntil(
    `the talent office's task of case ${caseId}`,
    async () =>
      (await stack.dataSource.getRepository(TaskEntity).findOneBy({ caseId, status: 'open' })) ?? undefined,
  );
}

async function decide(
  taskId: string,
  body: unknown,
  role: 'department_worker' | 'applicant' = 'department_worker',
) {
  const response = await fetch(`${stack.baseUrl}/tasks/${taskId}/decision`, {
    method: 'POST',
    headers: await stack.headers(role),
    body: JSON.stringify(body),
  });
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

describe('a talent-introduction case from one application to one result', () => {
  it('fans out to three departments in parallel, each getting only its contract, and merges one result', async () => {
    const submitted = await submit();
    expect(submitted.status).toBe(201);
    const caseId = submitted.body.id as string;
    expect(submitted.body.steps.map((s: { department: string }) => s.department).sort()).toEqual([
      'hrss',
      'market-regulation',
      'talent-office',
    ]);

    // The manual step becomes the talent office's task, holding exactly its contract fields.
    const task = await openTask(caseId);
    expect(Object.keys(task.data).sort()).toEqual([
      'employer',
      'fullName',
      'mobile',
      'residentId',
      'talentCategory',
    ]);
    // The auto steps ran meanwhile, each department receiving exactly its contract fields.
    await waitUntil('both auto steps to be approved', async () => {
      const { body } = await getCase(caseId);
      const done = body.steps.filter((s: { status: string }) => s.status === 'approved').length;
      return done === 2 ? true : undefined;
    });
    const creditCall = (await stack.departmentCalls('credit')).find(
      (c) => (c.body as any).caseId === caseId,
    )!;
    expect(Object.keys((creditCall.body as any).data).sort()).toEqual(['fullName', 'residentId']);
    const insuranceCall = (await stack.departmentCalls('social-insurance')).find(
      (c) => (c.body as any).caseId === caseId,
    )!;
    expect(Object.keys((insuranceCall.body as any).data).sort()).toEqual([
      'fullName',
      'monthsOfContributions',
      'residentId',
    ]);

    const decided = await decide(task.id, { decision: 'approved' });
    expect(decided.status).toBe(201);
    expect(decided.body.status).toBe('approved');

    const finished = await waitForResult(caseId);
    expect(finished.status).toBe('approved');
    expect(finished.result.steps.map((s: { decision: string }) => s.decision)).toEqual([
      'approved',
      'approved',
      'approved',
    ]);
    const progress = await stack.client.workflow.getHandle(`case-${caseId}`).result();
    expect(progress.decision).toBe('approved');
  });

  it("rejects the case with every department's sub-decision when one department says no", async () => {
    const submitted = await submit(exampleApplication({ residentId: residentIdWithCreditRecord() }));
    // Nobody decides the talent office's task: the credit rejection decides the case and cancels it.
    const finished = await waitForResult(submitted.body.id);
    expect(finished.status).toBe('rejected');
    const byStep = Object.fromEntries(finished.result.steps.map((s: { stepId: string }) => [s.stepId, s]));
    expect(byStep.creditCheck).toMatchObject({
      decision: 'rejected',
      reason: expect.stringContaining('失信被执行人'),
    });
    expect(byStep.insuranceTransfer).toMatchObject({ decision: 'approved' });
    expect(byStep.talentCertification).toMatchObject({
      decision: 'cancelled',
      reason: 'Cancelled: the case was rejected by step creditCheck',
    });

    // The talent office sees the case, but not why the credit department said no: that is not its data.
    const asWorker = (await (
      await fetch(`${stack.baseUrl}/cases/${submitted.body.id}`, {
        headers: await stack.headers('department_worker'),
      })
    ).json()) as Record<string, any>;
    const credit = asWorker.steps.find((s: { stepId: string }) => s.stepId === 'creditCheck');
    expect(credit).toMatchObject({ status: 'rejected', reason: '[withheld: another department]' });
    expect(JSON.stringify(asWorker)).not.toContain('失信被执行人');
  });

  it('writes each state change with its event, and completes with exactly one result event', async () => {
    const submitted = await submit();
    const task = await openTask(submitted.body.id);
    await decide(task.id, { decision: 'approved' });
    await waitForResult(submitted.body.id);
    const events = await stack.dataSource
      .getRepository(OutboxEventEntity)
      .find({ where: { aggregateId: submitted.body.id } });
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('case.submitted')).toBe(1);
    expect(count('task.opened')).toBe(1);
    expect(count('case.step.completed')).toBe(3);
    expect(count('case.completed')).toBe(1);
    expect(events.find((e) => e.type === 'case.submitted')!.dispatchedAt).not.toBeNull();
  });
});

describe('task decisions', () => {
  it('refuses a second decision on an already decided task (409), and the first one stands', async () => {
    const submitted = await submit();
    const task = await openTask(submitted.body.id);
    expect((await decide(task.id, { decision: 'rejected', reason: '材料不全' })).status).toBe(201);
    const again = await decide(task.id, { decision: 'approved' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'TASK_DECISION_REFUSED', path: 'decision' });
    expect(again.body.message).toContain('TASK_NOT_OPEN');
    expect((await waitForResult(submitted.body.id)).status).toBe('rejected');
  });

  it('refuses, in the workflow before it enters history, a decision from another department', async () => {
    const submitted = await submit();
    const task = await openTask(submitted.body.id);
    const handle = stack.client.workflow.getHandle(task.workflowId);
    const refused: unknown = await handle
      .executeUpdate(decideTaskUpdate, {
        args: [
          {
            decision: 'approved',
            actor: { accountId: 'x', departments: ['hrss'], roles: ['department_worker'] },
          },
        ],
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({
      type: 'WRONG_DEPARTMENT',
      message: expect.stringContaining('another department'),
    });
    const history = JSON.stringify(await handle.fetchHistory());
    expect(history).not.toContain('workflowExecutionUpdateAccepted');
    await decide(task.id, { decision: 'approved' });
    expect((await waitForResult(submitted.body.id)).status).toBe('approved');
  });

  it('needs a reason for a rejection and answers 400 with the path', async () => {
    const submitted = await submit();
    const task = await openTask(submitted.body.id);
    const response = await decide(task.id, { decision: 'rejected' });
    expect(response).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', path: 'reason' } });
    await decide(task.id, { decision: 'approved' });
    await waitForResult(submitted.body.id);
  });

  it('keeps a task from an applicant and makes a duplicate task for one step impossible', async () => {
    const submitted = await submit();
    const task = await openTask(submitted.body.id);
    expect((await decide(task.id, { decision: 'approved' }, 'applicant')).status).toBe(403);
    await expect(
      stack.dataSource.query(
        `INSERT INTO tasks (case_id, step_id, department, status, data, workflow_id) VALUES ($1, $2, 'x', 'open', '{}', 'w')`,
        [task.caseId, task.stepId],
      ),
    ).rejects.toThrow(/tasks_case_step/);
    await decide(task.id, { decision: 'approved' });
    await waitForResult(submitted.body.id);
  });

  it("lists the department's worklist with filters and paging", async () => {
    const response = await fetch(`${stack.baseUrl}/tasks?status=approved&limit=2`, {
      headers: await stack.headers('department_worker'),
    });
    const body = (await response.json()) as {
      items: { department: string; status: string }[];
      total: number;
      nextCursor: string | null;
    };
    expect(response.status).toBe(200);
    expect(body.items.length).toBeLessThanOrEqual(2);
    expect(body.nextCursor === null).toBe(body.total <= 2);
    expect(body.total).toBeGreaterThanOrEqual(body.items.length);
    expect(body.nextCursor === null).toBe(body.items.length < 2);
    expect(body.items.every((t) => t.department === 'talent-office' && t.status === 'approved')).toBe(true);
    const bad = await fetch(`${stack.baseUrl}/tasks?limit=1000`, {
      headers: await stack.headers('department_worker'),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { path: string }).path).toBe('limit');
  });
});

describe('case list', () => {
  it("lists the applicant's own cases, newest first, with filters and paging; a department sees only cases it works on", async () => {
    const id = await submit().then((r) => r.body.id as string);
    const list = async (role: 'applicant' | 'department_worker' | 'counter_clerk', query: string) => {
      const response = await fetch(`${stack.baseUrl}/cases?${query}`, { headers: await stack.headers(role) });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    const mine = await list('applicant', 'limit=2&definitionKey=talent-introduction');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.items[0].id).toBe(id);
    expect(mine.body.total).toBeGreaterThanOrEqual(2);
    expect(mine.body.items[0]).not.toHaveProperty('application');
    // Walking the cursors visits every case once, in order, whatever the page size.
    const walked: string[] = [];
    for (let cursor: string | null = ''; cursor !== null;) {
      const page = await list(
        'applicant',
        `limit=1&definitionKey=talent-introduction${cursor ? `&cursor=${cursor}` : ''}`,
      );
      walked.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor as string | null;
    }
    expect(walked).toHaveLength(mine.body.total);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked.slice(0, 2)).toEqual(mine.body.items.map((c: { id: string }) => c.id));
    // A cursor of another list, or none at all, is refused by name.
    const foreign = (await fetch(`${stack.baseUrl}/tasks?limit=1`, {
      headers: await stack.headers('department_worker'),
    }).then((r) => r.json())) as { nextCursor: string | null };
    for (const cursor of ['not-a-cursor!', 'eyJsIjoiY2FzZXMiLCJrIjpbIngiLCJ5Il19', foreign.nextCursor ?? 'x'])
      expect(await list('applicant', `cursor=${cursor}`)).toMatchObject({
        status: 400,
        body: { code: 'INVALID_CURSOR', path: 'cursor' },
      });
    // The talent office works on every talent-introduction case; the clerk submitted none of these.
    expect(
      (await list('department_worker', 'limit=100')).body.items.map((c: { id: string }) => c.id),
    ).toContain(id);
    expect(
      (await list('counter_clerk', 'limit=100')).body.items.map((c: { id: string }) => c.id),
    ).not.toContain(id);
    expect(await list('applicant', 'status=bogus')).toMatchObject({ status: 400, body: { path: 'status' } });
    const task = await openTask(id);
    await decide(task.id, { decision: 'approved' });
    // Finished before the next test counts rows: its last outbox events must not land in the middle.
    await waitForResult(id);
  });
});

describe('submission', () => {
  it.each([
    ['a missing field', { ...exampleApplication(), mobile: undefined }, 'application.mobile'],
    [
      'a wrong ID check character',
      exampleApplication({ residentId: '110105194912310021' }),
      'application.residentId',
    ],
    ['an unknown field', { ...exampleApplication(), religion: 'x' }, 'application.religion'],
    [
      'a number given as text',
      exampleApplication({ monthsOfContributions: '36' }),
      'application.monthsOfContributions',
    ],
  ])('answers 400 with the offending path and stores nothing for %s', async (_name, application, path) => {
    const before = await counts();
    const response = await submit(application);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', path });
    expect(await counts()).toEqual(before);
  });

  it('answers 400 for an unknown definition and for a body that is not JSON, storing nothing', async () => {
    const before = await counts();
    expect(await post({ definitionKey: 'no-such-thing', application: {} })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', path: 'definitionKey' },
    });
    expect(await post(undefined, { raw: '{"definitionKey": ' })).toMatchObject({
      status: 400,
      body: { code: 'MALFORMED_JSON', path: '' },
    });
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

  it('creates one case for the same Idempotency-Key sent ten times at once', async () => {
    const key = `key-${Date.now()}`;
    const before = await counts();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => submit(exampleApplication(), { idempotencyKey: key })),
    );
    const created = responses.filter((r) => r.status === 201 || r.status === 200);
    expect(responses.every((r) => [200, 201, 409].includes(r.status))).toBe(true);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect((await counts()).cases).toBe(before.cases + 1);
    // The same key and body later: the same case again; another body: 422.
    expect((await submit(exampleApplication(), { idempotencyKey: key })).body.id).toBe(created[0].body.id);
    const reused = await submit(exampleApplication({ fullName: '李四' }), { idempotencyKey: key });
    expect(reused).toMatchObject({
      status: 422,
      body: { code: 'IDEMPOTENCY_KEY_REUSED', path: 'Idempotency-Key' },
    });
    const task = await openTask(created[0].body.id);
    await decide(task.id, { decision: 'approved' });
  });
});

/** The history with every payload's bytes (metadata and data, raw or base64) decoded as text: nothing hides. */
function historyAsText(history: unknown): string {
  const raw = JSON.stringify(history, (_key, value: unknown): unknown =>
    value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value,
  );
  const decoded = [...raw.matchAll(/"([A-Za-z0-9+/]{4,}={0,2})"/g)].map((m) =>
    Buffer.from(m[1], 'base64').toString('utf8'),
  );
  return `${raw}\n${decoded.join('\n')}`;
}

describe('personal data and visibility', () => {
  it('keeps personal data out of workflow ids, Temporal history and the logs', async () => {
    const submitted = await submit();
    const task = await openTask(submitted.body.id);
    await decide(task.id, { decision: 'approved' });
    await waitForResult(submitted.body.id);
    for (const workflowId of [`case-${submitted.body.id}`, task.workflowId]) {
      const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
      const text = historyAsText(history);
      expect(text).toContain(submitted.body.id);
      expect(text).toContain('binary/encrypted');
      for (const marker of PERSONAL_DATA_MARKERS) expect(text).not.toContain(marker);
    }
    for (const marker of PERSONAL_DATA_MARKERS) expect(stack.logs.join('\n')).not.toContain(marker);
  });

  it('finds the case in Temporal by its search attributes', async () => {
    const submitted = await submit();
    const task = await openTask(submitted.body.id);
    await decide(task.id, { decision: 'approved' });
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

    // The same through the Temporal CLI, as an operator would look.
    const config = loadConfigFromProcess();
    const cli = await findOrBuildTemporalCli({
      explicit: config.temporal.cli,
      searchPath: config.system.searchPath,
      cacheDir: config.system.cacheDir,
      log: () => undefined,
    });
    const listed = spawnSync(
      cli,
      [
        'workflow',
        'list',
        '--address',
        stack.config.temporal.address!,
        '--query',
        `OnethingCaseId = '${submitted.body.id}' AND OnethingLeadDepartment = 'talent-office'`,
        '--output',
        'json',
      ],
      { encoding: 'utf8' },
    );
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(`case-${submitted.body.id}`);
  });
});
