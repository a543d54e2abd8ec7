import {
  createPerson,
  httpCall,
  lifecycleApplication,
  lifecycleDefinition,
  publishTestDefinition,
  startTestStack,
  submitCase,
  TestPerson,
  TestStack,
  waitUntil,
} from '@onething/testing';

/**
 * Work on tasks on the real stack: claim, release and assign within a department (409 names who holds
 * a task), bulk actions with a result per task, comments the department sees and the applicant sees
 * only when marked, and the one-call task view.
 */
let stack: TestStack;
let housingA: TestPerson;
let housingB: TestPerson;
let housingSupervisor: TestPerson;
let education: TestPerson;
const key = `task-work-${Date.now()}`;

type Headers = Record<string, string>;
interface Holder {
  accountId: string;
  displayName: string | null;
}
interface TaskView {
  id: string;
  caseId: string;
  stepId: string;
  department: string;
  status: string;
  assigneeAccountId: string | null;
  holder: Holder | null;
  sla: { state: string } | null;
}

beforeAll(async () => {
  stack = await startTestStack();
  await publishTestDefinition(stack.dataSource, lifecycleDefinition(key));
  [housingA, housingB, housingSupervisor, education] = await Promise.all([
    createPerson(stack, 'department_worker', ['housing']),
    createPerson(stack, 'department_worker', ['housing']),
    createPerson(stack, 'department_supervisor', ['housing']),
    createPerson(stack, 'department_worker', ['education']),
  ]);
});
afterAll(async () => {
  await stack.close();
});

const call = (method: string, path: string, headers: Headers, body?: unknown) =>
  httpCall(stack.baseUrl, method, path, { headers, body });

async function openTask(caseId: string, stepId: string, headers: Headers): Promise<TaskView> {
  return waitUntil(`task ${stepId} of ${caseId}`, async () => {
    const { body } = await call('GET', `/tasks?caseId=${caseId}`, headers);
    const task = (body.items as TaskView[]).find((t) => t.stepId === stepId);
    return task?.status === 'open' && task.sla ? task : undefined;
  });
}

async function housingTask(): Promise<TaskView> {
  const caseId = await submitCase(stack, key, lifecycleApplication());
  return openTask(caseId, 'housingReview', await housingA.headers());
}

async function eventsOf(caseId: string, prefix: string) {
  return stack.dataSource.query<{ type: string; payload: Record<string, string | null> }[]>(
    `SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 AND type LIKE $2 ORDER BY id`,
    [caseId, `${prefix}%`],
  );
}

describe('claiming, releasing and assigning a task', () => {
  it('lets one worker hold a task; another meets 409 naming the holder; a supervisor assigns', async () => {
    const task = await housingTask();
    const claim = (who: TestPerson) => who.headers().then((h) => call('POST', `/tasks/${task.id}/claim`, h));
    const release = (who: TestPerson) =>
      who.headers().then((h) => call('POST', `/tasks/${task.id}/release`, h));

    const claimed = await claim(housingA);
    expect(claimed.status).toBe(200);
    expect(claimed.body.holder).toEqual({ accountId: housingA.id, displayName: housingA.username });
    // Claiming one's own task again changes nothing.
    expect((await claim(housingA)).status).toBe(200);

    const taken = await claim(housingB);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({
      code: 'TASK_CLAIMED',
      path: 'id',
      holder: { accountId: housingA.id, displayName: housingA.username },
    });
    expect(Object.keys(taken.body.holder as object).sort()).toEqual(['accountId', 'displayName']);
    // Only the holder (or a supervisor) releases; another department cannot see the task at all.
    expect((await release(housingB)).body.code).toBe('TASK_CLAIMED');
    expect((await claim(education)).status).toBe(404);

    expect((await release(housingA)).body.holder).toBeNull();
    expect((await release(housingA)).status).toBe(200);
    expect((await claim(housingB)).body.holder.accountId).toBe(housingB.id);

    const assign = (toAccountId: string) =>
      housingSupervisor.headers().then((h) => call('POST', `/tasks/${task.id}/assign`, h, { toAccountId }));
    const outsider = await assign(education.id);
    expect({ status: outsider.status, path: outsider.body.path }).toEqual({
      status: 400,
      path: 'toAccountId',
    });
    const assigned = await assign(housingA.id);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assigneeAccountId: housingA.id, department: 'housing' });

    const mine = await call('GET', `/tasks?assignee=me&caseId=${task.caseId}`, await housingA.headers());
    expect(mine.body.items.map((t: TaskView) => t.id)).toEqual([task.id]);
    const free = await call(
      'GET',
      `/tasks?assignee=unassigned&caseId=${task.caseId}`,
      await housingA.headers(),
    );
    expect(free.body.items).toEqual([]);

    const events = await eventsOf(task.caseId, 'task.');
    expect(
      events
        .filter((e) => e.type !== 'task.opened')
        .map((e) => [e.type, e.payload.assigneeAccountId, e.payload.actorAccountId]),
    ).toEqual([
      ['task.claimed', housingA.id, housingA.id],
      ['task.released', null, housingA.id],
      ['task.claimed', housingB.id, housingB.id],
      ['task.assigned', housingA.id, housingSupervisor.id],
    ]);
  });

  it('refuses to claim a decided task (409) and leaves it as it was', async () => {
    const task = await housingTask();
    const decided = await call('POST', `/tasks/${task.id}/decision`, await housingA.headers(), {
      decision: 'approved',
    });
    expect(decided.status).toBe(201);
    const claim = await call('POST', `/tasks/${task.id}/claim`, await housingA.headers());
    expect(claim.status).toBe(409);
    expect(claim.body.details[0].code).toBe('TASK_NOT_OPEN');
    expect((await call('GET', `/tasks/${task.id}`, await housingA.headers())).body.holder).toBeNull();
  });
});

describe('bulk claim, assign and reassign', () => {
  it('answers a result per task, in request order', async () => {
    const [held, open, moved] = await Promise.all([housingTask(), housingTask(), housingTask()]);
    const talent = await openTask(held.caseId, 'talentReview', await stack.headers('department_worker'));
    await call('POST', `/tasks/${held.id}/claim`, await housingA.headers());

    const claims = await call('POST', '/tasks/bulk/claim', await housingB.headers(), {
      ids: [held.id, open.id, talent.id],
    });
    expect(claims.status).toBe(200);
    expect(
      claims.body.results.map((r: { id: string; ok: boolean; code?: string }) => [r.id, r.ok, r.code]),
    ).toEqual([
      [held.id, false, 'TASK_CLAIMED'],
      [open.id, true, undefined],
      [talent.id, false, 'NOT_FOUND'],
    ]);

    const assigns = await call('POST', '/tasks/bulk/assign', await housingSupervisor.headers(), {
      ids: [held.id, open.id],
      toAccountId: housingA.id,
    });
    expect(assigns.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
    expect((await call('GET', `/tasks/${open.id}`, await housingA.headers())).body.holder.accountId).toBe(
      housingA.id,
    );

    // Reassignment goes through each task's workflow; the talent office's task is not the housing
    // supervisor's to move.
    const reassigns = await call('POST', '/tasks/bulk/reassign', await housingSupervisor.headers(), {
      ids: [moved.id, talent.id],
      toDepartment: 'education',
      reason: 'Belongs with the school district check',
    });
    expect(reassigns.body.results.map((r: { ok: boolean; code?: string }) => [r.ok, r.code])).toEqual([
      [true, undefined],
      [false, 'NOT_FOUND'],
    ]);
    expect((await call('GET', `/tasks/${moved.id}`, await education.headers())).body.department).toBe(
      'education',
    );
  });

  it('bounds a batch and refuses repeated ids before acting on any', async () => {
    const ids = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const tooMany = await call('POST', '/tasks/bulk/claim', await housingA.headers(), { ids });
    expect({ status: tooMany.status, path: tooMany.body.details[0].path }).toEqual({
      status: 400,
      path: 'ids',
    });
    const twice = await call('POST', '/tasks/bulk/claim', await housingA.headers(), {
      ids: [ids[0], ids[0]],
    });
    expect(twice.status).toBe(400);
  });
});

describe('comments on a task', () => {
  it('are the department’s; the applicant sees only those marked for them, without the author', async () => {
    const task = await housingTask();
    const say = (body: string, visibleToApplicant?: boolean) =>
      housingA.headers().then((h) =>
        call('POST', `/tasks/${task.id}/comments`, h, {
          body,
          ...(visibleToApplicant === undefined ? {} : { visibleToApplicant }),
        }),
      );
    const internal = await say('内部备注：核对房产证明编号');
    expect(internal.status).toBe(201);
    expect(internal.body).toMatchObject({
      author: { accountId: housingA.id, displayName: housingA.username },
      visibleToApplicant: false,
    });
    const shown = await say('请补充加盖公章的住房证明', true);
    expect(shown.status).toBe(201);

    // Newest first, one per page through the cursor.
    const first = await call('GET', `/tasks/${task.id}/comments?limit=1`, await housingB.headers());
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual([shown.body.id]);
    const second = await call(
      'GET',
      `/tasks/${task.id}/comments?limit=1&cursor=${first.body.nextCursor as string}`,
      await housingB.headers(),
    );
    expect(second.body.items.map((c: { id: string }) => c.id)).toEqual([internal.body.id]);
    const bad = await call('GET', `/tasks/${task.id}/comments?cursor=nonsense`, await housingB.headers());
    expect({ status: bad.status, code: bad.body.code, path: bad.body.path }).toEqual({
      status: 400,
      code: 'INVALID_CURSOR',
      path: 'cursor',
    });

    const applicantView = await call(
      'GET',
      `/cases/${task.caseId}/comments`,
      await stack.headers('applicant'),
    );
    expect(applicantView.status).toBe(200);
    expect(applicantView.body.items).toEqual([
      expect.objectContaining({ id: shown.body.id, body: '请补充加盖公章的住房证明', author: null }),
    ]);
    // Another department, and a clerk who did not submit the case, see nothing.
    expect((await call('GET', `/tasks/${task.id}/comments`, await education.headers())).status).toBe(404);
    expect(
      (await call('POST', `/tasks/${task.id}/comments`, await education.headers(), { body: 'x' })).status,
    ).toBe(404);
    expect(
      (await call('GET', `/cases/${task.caseId}/comments`, await stack.headers('counter_clerk'))).status,
    ).toBe(404);

    // The one-call view carries the recent comments, who holds the task and its clock.
    const view = await call('GET', `/tasks/${task.id}`, await housingA.headers());
    expect(view.body).toMatchObject({
      data: { fullName: '李四', housingProof: 'H-001' },
      attachments: [],
      outputForm: null,
      holder: null,
      sla: { state: expect.any(String) },
    });
    expect(view.body.recentComments.map((c: { id: string }) => c.id)).toEqual([
      shown.body.id,
      internal.body.id,
    ]);
    // Free text stays out of logs and events.
    expect(stack.logs.join('\n')).not.toContain('核对房产证明编号');
    const events = await eventsOf(task.caseId, 'task.commented');
    expect(JSON.stringify(events)).not.toContain('核对房产证明编号');
    expect(events).toHaveLength(2);
  });

  it('refuses text the text policy refuses, naming the field', async () => {
    const task = await housingTask();
    const refused = await call('POST', `/tasks/${task.id}/comments`, await housingA.headers(), {
      body: 'bad\u0000text',
    });
    expect({ status: refused.status, path: refused.body.details[0].path }).toEqual({
      status: 400,
      path: 'body',
    });
    const listed = await call('GET', `/tasks/${task.id}/comments`, await housingA.headers());
    expect(listed.body.items).toEqual([]);
  });
});

describe('the worklist', () => {
  it('pages by cursor in its sort order, with a total', async () => {
    const [a, b] = [await housingTask(), await housingTask()];
    const headers = await housingA.headers();
    const page = (query: string) => call('GET', `/tasks?department=housing&status=open&${query}`, headers);
    const all = await page('limit=100&sort=created');
    expect(all.status).toBe(200);
    // The total comes from the trigger-kept counter: it agrees with the rows.
    expect(all.body.total).toBe(all.body.items.length);
    const ids = (all.body.items as TaskView[]).map((t) => t.id);
    expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const next = await page(`limit=2&sort=created${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...(next.body.items as TaskView[]).map((t) => t.id));
      cursor = next.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(ids);

    const bad = await page('cursor=eyJ2IjoxfQ');
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'INVALID_CURSOR' });
  });

  it('filters by one-thing and by when the case was submitted; the workbench names the choices', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const task = await housingTask();
    const headers = await housingA.headers();
    const ids = async (query: string) => {
      const page = await call('GET', `/tasks?department=housing&${query}`, headers);
      expect(page.status).toBe(200);
      return (page.body.items as TaskView[]).map((t) => t.id);
    };
    const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
    expect(await ids(q({ oneThing: key, submittedFrom: before, limit: '100' }))).toContain(task.id);
    expect(await ids(q({ oneThing: 'talent-introduction', submittedFrom: before }))).not.toContain(task.id);
    expect(await ids(q({ oneThing: key, submittedBefore: before }))).not.toContain(task.id);
    const bad = await call('GET', '/tasks?submittedFrom=yesterday', headers);
    expect({ status: bad.status, path: bad.body.path }).toEqual({ status: 400, path: 'submittedFrom' });

    const workbench = await call('GET', '/tasks/workbench', headers);
    expect(workbench.status).toBe(200);
    expect(workbench.body.departments.map((d: { code: string }) => d.code)).toEqual(['housing']);
    expect(workbench.body.oneThings).toContainEqual({
      key,
      title: expect.objectContaining({ en: expect.any(String) }),
    });
    const people = workbench.body.people as { accountId: string }[];
    expect(people.map((p) => p.accountId)).toEqual(
      expect.arrayContaining([housingA.id, housingSupervisor.id]),
    );
    expect(people.map((p) => p.accountId)).not.toContain(education.id);
  });
});
