import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { caseWorkflowId, taskWorkflowId } from '@onething/case-model';
import { cancelCaseUpdate, decideTaskUpdate, retryStepUpdate, withdrawCaseUpdate } from '@onething/workflows';
import {
  createPerson,
  httpCall,
  lifecycleApplication,
  lifecycleDefinition,
  publishTestDefinition,
  recordHistories,
  startTestStack,
  submitCase,
  TestPerson,
  TestStack,
  waitUntil,
} from '@onething/testing';

/**
 * The case lifecycle on the real Temporal server and PostgreSQL: one notice for requests gathered in a
 * window, answers routed only to the asking steps, withdrawal and clawback with compensation in reverse
 * order, administrative retry and cancellation, and Updates refused before they enter history.
 */
let stack: TestStack;
let housing: TestPerson;
let education: TestPerson;
let housingSupervisor: TestPerson;
const key = `lifecycle-${Date.now()}`;
const fragileKey = `lifecycle-fragile-${Date.now()}`;

beforeAll(async () => {
  stack = await startTestStack();
  await publishTestDefinition(stack.dataSource, lifecycleDefinition(key));
  await publishTestDefinition(stack.dataSource, lifecycleDefinition(fragileKey, { autoAttempts: 2 }));
  [housing, education, housingSupervisor] = await Promise.all([
    createPerson(stack, 'department_worker', ['housing']),
    createPerson(stack, 'department_worker', ['education']),
    createPerson(stack, 'department_supervisor', ['housing']),
  ]);
});
afterAll(async () => {
  await stack.close();
});

interface TaskView {
  id: string;
  stepId: string;
  department: string;
  status: string;
  data: Record<string, unknown>;
  decisionReason: string | null;
  assigneeAccountId: string | null;
  sla: { state: string; dueDate: string; pausedAt: string | null } | null;
}
interface CaseView {
  status: string;
  openNotices: string[];
  steps: { stepId: string; status: string; reason: string | null; sla: unknown }[];
  result: {
    decision: string;
    steps: { stepId: string; decision: string; reason?: string; compensated?: true }[];
  } | null;
}
interface NoticeView {
  id: string;
  status: string;
  requests: { stepId: string; department: string; message: string; fields: { id: string }[] }[];
}

type Headers = Record<string, string>;
const talentWorker = () => stack.headers('department_worker');
const applicant = () => stack.headers('applicant');

async function call(method: string, path: string, headers: Headers, body?: unknown) {
  return httpCall(stack.baseUrl, method, path, { headers, body });
}

async function openTask(caseId: string, stepId: string, headers: Headers): Promise<TaskView> {
  return waitUntil(`task ${stepId} of ${caseId}`, async () => {
    const { body } = await call('GET', `/tasks?caseId=${caseId}`, headers);
    const task = (body.items as TaskView[]).find((t) => t.stepId === stepId);
    // Open, and its SLA clock started (recorded right after the task opens).
    return task?.status === 'open' && task.sla ? task : undefined;
  });
}
const getTask = async (id: string, headers: Headers) =>
  (await call('GET', `/tasks/${id}`, headers)).body as TaskView;
const getCase = async (caseId: string) =>
  (await call('GET', `/cases/${caseId}`, await applicant())).body as CaseView;

async function caseWhere(caseId: string, what: string, test: (view: CaseView) => boolean): Promise<CaseView> {
  return waitUntil(
    `case ${caseId}: ${what}`,
    async () => {
      const view = await getCase(caseId);
      return test(view) ? view : undefined;
    },
    45_000,
  );
}
const stepStatus = (view: CaseView, stepId: string) => view.steps.find((s) => s.stepId === stepId)?.status;

async function notices(caseId: string, headers: Headers): Promise<NoticeView[]> {
  return ((await call('GET', `/cases/${caseId}/notices`, headers)).body.items ?? []) as NoticeView[];
}

async function inbox(caseId: string) {
  const { body } = await call('GET', `/me/notifications?caseId=${caseId}`, await applicant());
  return (body.items as { kind: string; data: Record<string, string> }[]).map((n) => n.kind);
}

/**
 * Waits for the case workflow to end, then (when `RECORD_HISTORIES=1`) keeps its history and its tasks'
 * as replay fixtures: every shape of the lifecycle is replayed by `test/replay` from then on.
 */
async function recordShape(caseId: string, name: string, taskSteps: string[]) {
  await stack.client.workflow.getHandle(caseWorkflowId(caseId)).result();
  await recordHistories(stack.client, {
    [name]: caseWorkflowId(caseId),
    ...Object.fromEntries(taskSteps.map((stepId) => [`${name}-${stepId}`, taskWorkflowId(caseId, stepId)])),
  });
}

async function decide(task: TaskView, headers: Headers, decision: 'approved' | 'rejected', reason?: string) {
  const { status, body } = await call('POST', `/tasks/${task.id}/decision`, headers, { decision, reason });
  expect({ status, body }).toMatchObject({ status: 201 });
}

describe('requests for more material', () => {
  it('merges two departments asking within the window into one notice; the answer reaches only them, each only its contract fields; a later ask makes a second notice', async () => {
    const caseId = await submitCase(stack, key, lifecycleApplication());
    const talent = await openTask(caseId, 'talentReview', await talentWorker());
    const housingTask = await openTask(caseId, 'housingReview', await housing.headers());
    const school = await openTask(caseId, 'schoolReview', await education.headers());
    expect(talent.sla).toMatchObject({ state: 'on-time' });

    // A department asks only for fields of its own contract.
    const outside = await call('POST', `/tasks/${talent.id}/material-requests`, await talentWorker(), {
      fields: ['housingProof'],
      message: 'Need housing proof',
    });
    expect(outside.status).toBe(409);
    expect(outside.body).toMatchObject({
      code: 'ACTION_REFUSED',
      details: [{ code: 'FIELD_OUTSIDE_CONTRACT' }],
    });

    const asks = await Promise.all([
      call('POST', `/tasks/${talent.id}/material-requests`, await talentWorker(), {
        fields: ['diploma'],
        message: 'The diploma number does not match the register',
      }),
      call('POST', `/tasks/${housingTask.id}/material-requests`, await housing.headers(), {
        fields: ['housingProof'],
        message: 'The housing proof has expired',
      }),
    ]);
    expect(asks.map((a) => [a.status, a.body.status])).toEqual([
      [201, 'awaiting_material'],
      [201, 'awaiting_material'],
    ]);
    // While the applicant owes material, the asking steps' clocks stand still; the others run.
    expect((await getTask(talent.id, await talentWorker())).sla).toMatchObject({ state: 'paused' });
    expect((await getTask(school.id, await education.headers())).sla).toMatchObject({ state: 'on-time' });
    const paused = await call('GET', `/tasks?sla=paused&caseId=${caseId}`, await talentWorker());
    expect(paused.body.items.map((t: TaskView) => t.stepId)).toEqual(['talentReview']);

    const [notice] = await waitUntil('one notice', async () => {
      const found = await notices(caseId, await applicant());
      return found.length === 1 ? found : undefined;
    });
    // The two asked at the same moment: in either order.
    expect(notice.requests.map((r) => [r.stepId, r.fields.map((f) => f.id)]).sort()).toEqual([
      ['housingReview', ['housingProof']],
      ['talentReview', ['diploma']],
    ]);
    expect((await getCase(caseId)).openNotices).toEqual([notice.id]);
    // Told once: one notice in the applicant's inbox, even after the window has long closed.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await notices(caseId, await applicant())).toHaveLength(1);
    expect(await inbox(caseId)).toEqual(['material-requested']);
    // A department sees only its own request in the notice.
    expect((await notices(caseId, await housing.headers()))[0].requests.map((r) => r.stepId)).toEqual([
      'housingReview',
    ]);

    // Bad answers change nothing: a missing field, a field not asked for, an invalid value.
    const answerPath = `/cases/${caseId}/notices/${notice.id}/answer`;
    for (const [values, path] of [
      [{ diploma: 'D-2019-999' }, 'values.housingProof'],
      [{ diploma: 'D-2019-999', housingProof: 'H-999', employer: 'X' }, 'values.employer'],
      [{ diploma: 'D1', housingProof: 'H-999' }, 'values.diploma'],
    ] as const) {
      const bad = await call('POST', answerPath, await applicant(), { values });
      expect({ status: bad.status, path: bad.body.path }).toEqual({ status: 400, path });
    }
    // Only the applicant's side answers.
    expect((await call('POST', answerPath, await housing.headers(), { values: {} })).status).toBe(403);

    const answered = await call('POST', answerPath, await applicant(), {
      values: { diploma: 'D-2019-999', housingProof: 'H-999' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('answered');
    expect((await getCase(caseId)).openNotices).toEqual([]);
    const again = await call('POST', answerPath, await applicant(), {
      values: { diploma: 'D-2019-999', housingProof: 'H-999' },
    });
    expect(again.status).toBe(409);
    expect(again.body.details[0].code).toBe('NOTICE_NOT_OPEN');

    // Each asking step got its own field and nothing else; the step that did not ask got nothing.
    const talentAfter = await waitUntil('talent task resumed', async () => {
      const task = await getTask(talent.id, await talentWorker());
      return task.status === 'open' && task.sla?.state === 'on-time' ? task : undefined;
    });
    expect(talentAfter.data).toEqual({
      fullName: '李四',
      employer: '一件事科技有限公司',
      diploma: 'D-2019-999',
    });
    const housingAfter = await getTask(housingTask.id, await housing.headers());
    expect(housingAfter.data).toEqual({ fullName: '李四', housingProof: 'H-999' });
    const schoolAfter = await getTask(school.id, await education.headers());
    expect(schoolAfter.data).toEqual({ fullName: '李四', diploma: 'D-2019-001', housingProof: 'H-001' });

    // A third department asking after the window: a second notice.
    const third = await call('POST', `/tasks/${school.id}/material-requests`, await education.headers(), {
      fields: ['housingProof'],
      message: 'Proof of address in the school district',
    });
    expect(third.status).toBe(201);
    const both = await waitUntil('a second notice', async () => {
      const found = await notices(caseId, await applicant());
      return found.length === 2 ? found : undefined;
    });
    expect(both[1].requests.map((r) => r.stepId)).toEqual(['schoolReview']);
    expect(both[0].status).toBe('answered');
    await waitUntil('second notice in the inbox', async () =>
      (await inbox(caseId)).filter((kind) => kind === 'material-requested').length === 2 ? true : undefined,
    );
    await call('POST', `/cases/${caseId}/withdraw`, await applicant(), { reason: 'End of test' });
    await recordShape(caseId, 'lifecycle-notice-answered-then-withdrawn', ['talentReview', 'schoolReview']);
  });
});

describe('withdrawal and clawback', () => {
  it('withdraws: open tasks close with the reason, approved steps are compensated in reverse order, once each', async () => {
    const caseId = await submitCase(stack, key, lifecycleApplication());
    const talent = await openTask(caseId, 'talentReview', await talentWorker());
    await caseWhere(caseId, 'both auto steps approved', (view) =>
      ['subsidyGrant', 'householdRecord'].every((id) => stepStatus(view, id) === 'approved'),
    );
    // Someone else may not withdraw it: a department (route) and another applicant (cannot see it).
    expect(
      (await call('POST', `/cases/${caseId}/withdraw`, await talentWorker(), { reason: 'x' })).status,
    ).toBe(403);
    const stranger = await createPerson(stack, 'applicant');
    expect(
      (await call('POST', `/cases/${caseId}/withdraw`, await stranger.headers(), { reason: 'x' })).status,
    ).toBe(404);
    expect((await call('POST', `/cases/${caseId}/withdraw`, await applicant(), { reason: ' ' })).status).toBe(
      400,
    );

    const accepted = await call('POST', `/cases/${caseId}/withdraw`, await applicant(), {
      reason: 'Moving to another city',
    });
    expect(accepted).toMatchObject({ status: 202, body: { accepted: true } });
    const view = await caseWhere(caseId, 'withdrawn', (v) => v.status === 'withdrawn');
    expect(
      view
        .result!.steps.filter((s) => s.compensated)
        .map((s) => s.stepId)
        .sort(),
    ).toEqual(['householdRecord', 'subsidyGrant']);
    expect(stepStatus(view, 'talentReview')).toBe('cancelled');
    expect(stepStatus(view, 'subsidyGrant')).toBe('compensated');
    const closed = await getTask(talent.id, await talentWorker());
    expect(closed).toMatchObject({
      status: 'cancelled',
      decisionReason: expect.stringContaining('Moving to another city'),
    });

    const undone = await stack.departmentCompensations({ caseId });
    expect(undone.map((c) => [c.action, c.reason])).toEqual([
      ['household-record-revoke', 'withdrawn'],
      ['subsidy-clawback', 'withdrawn'],
    ]);
    await waitUntil('withdrawal confirmed', async () =>
      (await inbox(caseId)).includes('withdrawal-confirmed'),
    );
    // Once closed, closed.
    const late = await call('POST', `/cases/${caseId}/withdraw`, await applicant(), { reason: 'again' });
    expect(late.status).toBe(409);
    expect(late.body.details[0].code).toBe('CASE_CLOSED');
    await recordShape(caseId, 'lifecycle-withdrawn-compensated', ['talentReview']);
  });

  it('a required step rejected after others approved: dependents never start, approved steps are clawed back, the case is rejected with every sub-decision', async () => {
    const caseId = await submitCase(stack, key, lifecycleApplication());
    const talent = await openTask(caseId, 'talentReview', await talentWorker());
    const housingTask = await openTask(caseId, 'housingReview', await housing.headers());
    const school = await openTask(caseId, 'schoolReview', await education.headers());
    await caseWhere(
      caseId,
      'auto steps approved',
      (view) => stepStatus(view, 'householdRecord') === 'approved',
    );
    await decide(housingTask, await housing.headers(), 'approved');
    await decide(school, await education.headers(), 'approved');
    await decide(talent, await talentWorker(), 'rejected', 'Employer not registered in the city');

    const view = await caseWhere(caseId, 'rejected', (v) => v.status === 'rejected');
    expect(view.result!.decision).toBe('rejected');
    const byStep = Object.fromEntries(view.result!.steps.map((s) => [s.stepId, s]));
    expect(byStep.talentReview).toMatchObject({
      decision: 'rejected',
      reason: 'Employer not registered in the city',
    });
    expect(byStep.certificate).toMatchObject({ decision: 'blocked' });
    expect(byStep.housingReview).toMatchObject({ decision: 'approved' });
    expect(byStep.schoolReview).toMatchObject({ decision: 'approved' });
    expect(byStep.subsidyGrant).toMatchObject({ decision: 'approved', compensated: true });
    expect(byStep.householdRecord).toMatchObject({ decision: 'approved', compensated: true });
    expect(
      (await stack.departmentCalls('household-registry', { caseId })).filter((c) => c.operation === 'check'),
    ).toHaveLength(1);
    const undone = await stack.departmentCompensations({ caseId });
    expect(undone.map((c) => [c.action, c.reason])).toEqual([
      ['household-record-revoke', 'rejected'],
      ['subsidy-clawback', 'rejected'],
    ]);
    await waitUntil('result notified', async () => (await inbox(caseId)).includes('case-result'));
    await recordShape(caseId, 'lifecycle-clawback-rejected', ['talentReview']);
  });
});

describe('administrative actions', () => {
  it('a failed auto step waits for a retry; only a supervisor of its department or an administrator retries it; then the case goes on', async () => {
    await stack.controlDepartment('subsidy-payment', { mode: 'down' });
    let caseId: string;
    try {
      caseId = await submitCase(stack, fragileKey, lifecycleApplication());
      const failed = await caseWhere(
        caseId,
        'subsidy failed',
        (v) => stepStatus(v, 'subsidyGrant') === 'failed',
      );
      expect(failed.status).toBe('in_progress');
      // Administrators find the cases waiting for a retry.
      const waiting = await call(
        'GET',
        '/cases?stepStatus=failed&limit=100',
        await stack.headers('administrator'),
      );
      expect(waiting.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
      expect(stepStatus(failed, 'householdRecord')).toBe('pending');
    } finally {
      await stack.controlDepartment('subsidy-payment', { mode: 'normal' });
    }
    const retryPath = `/cases/${caseId}/steps/subsidyGrant/retry`;
    // The talent office's supervisor does not supervise housing; a worker may not retry at all.
    expect((await call('POST', retryPath, await stack.headers('department_supervisor'))).status).toBe(403);
    expect((await call('POST', retryPath, await housing.headers())).status).toBe(403);
    expect(
      (await call('POST', `/cases/${caseId}/steps/talentReview/retry`, await stack.headers('administrator')))
        .body,
    ).toMatchObject({ code: 'ACTION_REFUSED', details: [{ code: 'STEP_NOT_FAILED' }] });

    expect((await call('POST', retryPath, await housingSupervisor.headers())).status).toBe(202);
    const resumed = await caseWhere(
      caseId,
      'household record after the retry',
      (v) => stepStatus(v, 'householdRecord') === 'approved',
    );
    expect(stepStatus(resumed, 'subsidyGrant')).toBe('approved');

    // Cancelling: the lead department's supervisor or an administrator, with a reason.
    expect(
      (await call('POST', `/cases/${caseId}/cancel`, await housingSupervisor.headers(), { reason: 'x' }))
        .status,
    ).toBe(403);
    expect((await call('POST', `/cases/${caseId}/cancel`, await applicant(), { reason: 'x' })).status).toBe(
      403,
    );
    const cancelled = await call('POST', `/cases/${caseId}/cancel`, await stack.headers('administrator'), {
      reason: 'Duplicate application',
    });
    expect(cancelled.status).toBe(202);
    const view = await caseWhere(caseId, 'cancelled', (v) => v.status === 'cancelled');
    expect(
      view
        .result!.steps.filter((s) => s.compensated)
        .map((s) => s.stepId)
        .sort(),
    ).toEqual(['householdRecord', 'subsidyGrant']);
    await waitUntil('cancellation notified', async () => (await inbox(caseId)).includes('case-cancelled'));
    const events = await stack.dataSource.query<{ type: string; payload: Record<string, string> }[]>(
      `SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 AND type LIKE 'case.action.%' ORDER BY id`,
      [caseId],
    );
    expect(events.map((e) => [e.type, e.payload.actorAccountId])).toEqual([
      ['case.action.retry-step', housingSupervisor.id],
      ['case.action.cancel', stack.accounts.administrator.id],
    ]);
    await recordShape(caseId, 'lifecycle-retried-then-cancelled', []);
  });

  it('reassigns a task: the supervisor of its department or an administrator, to a person of the department or another department', async () => {
    const caseId = await submitCase(stack, key, lifecycleApplication());
    const task = await openTask(caseId, 'housingReview', await housing.headers());
    const reassign = async (headers: Headers, body: Record<string, string>) =>
      call('POST', `/tasks/${task.id}/reassign`, headers, body);
    // Another department's supervisor cannot even see the task.
    const foreign = await reassign(await stack.headers('department_supervisor'), {
      toAccountId: housing.id,
      reason: 'x',
    });
    expect(foreign.status).toBe(404);
    // No target, or a person outside the target department: the offending field is named.
    for (const [body, path] of [
      [{ reason: 'x' }, 'toDepartment'],
      [{ toAccountId: education.id, reason: 'x' }, 'toAccountId'],
    ] as const) {
      const refused = await reassign(await housingSupervisor.headers(), body);
      expect({ status: refused.status, path: refused.body.path }).toEqual({ status: 400, path });
    }

    const toPerson = await reassign(await housingSupervisor.headers(), {
      toAccountId: housing.id,
      reason: 'Experienced with this employer',
    });
    expect(toPerson.status).toBe(200);
    expect(toPerson.body).toMatchObject({ assigneeAccountId: housing.id, department: 'housing' });
    const mine = await call('GET', `/tasks?assignee=me&caseId=${caseId}`, await housing.headers());
    expect(mine.body.items.map((t: TaskView) => t.id)).toEqual([task.id]);

    const moved = await reassign(await stack.headers('administrator'), {
      toDepartment: 'education',
      reason: 'Belongs with the school district check',
    });
    expect(moved.body).toMatchObject({ department: 'education', assigneeAccountId: null });
    // The housing worker lost it; the education worker decides it.
    expect((await call('GET', `/tasks/${task.id}`, await housing.headers())).status).toBe(404);
    await decide(task, await education.headers(), 'approved');
    const events = await stack.dataSource.query<{ payload: Record<string, string> }[]>(
      `SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'task.reassigned' ORDER BY id`,
      [caseId],
    );
    expect(events.map((e) => [e.payload.to, e.payload.actorAccountId])).toEqual([
      ['housing', housingSupervisor.id],
      ['education', stack.accounts.administrator.id],
    ]);
    await call('POST', `/cases/${caseId}/withdraw`, await applicant(), { reason: 'End of test' });
    await recordShape(caseId, 'lifecycle-reassigned', ['housingReview']);
  });

  it('refuses an Update from the wrong role or department in its validator, before it enters history', async () => {
    const caseId = await submitCase(stack, key, lifecycleApplication());
    const task = await openTask(caseId, 'talentReview', await talentWorker());
    const handle = stack.client.workflow.getHandle(caseWorkflowId(caseId));
    const worker = {
      accountId: stack.accounts.department_worker.id,
      departments: ['talent-office'],
      roles: ['department_worker'],
    };
    const otherSupervisor = {
      accountId: housingSupervisor.id,
      departments: ['housing'],
      roles: ['department_supervisor'],
    };
    const refusal = async (run: () => Promise<unknown>) => {
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      return ((error as WorkflowUpdateFailedError).cause as ApplicationFailure).type;
    };
    expect(
      await refusal(() =>
        handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: worker, reason: 'x' }] }),
      ),
    ).toBe('ROLE_NOT_ALLOWED');
    expect(
      await refusal(() =>
        handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: otherSupervisor, reason: 'x' }] }),
      ),
    ).toBe('ROLE_NOT_ALLOWED');
    expect(
      await refusal(() =>
        handle.executeUpdate(retryStepUpdate, {
          args: [{ actor: { ...otherSupervisor, roles: ['administrator'] }, stepId: 'talentReview' }],
        }),
      ),
    ).toBe('STEP_NOT_FAILED');
    const taskHandle = stack.client.workflow.getHandle(taskWorkflowId(caseId, 'talentReview'));
    expect(
      await refusal(() =>
        taskHandle.executeUpdate(decideTaskUpdate, {
          args: [{ decision: 'approved', actor: { ...worker, departments: ['housing'] } }],
        }),
      ),
    ).toBe('WRONG_DEPARTMENT');

    // Nothing of those reached either history.
    for (const workflow of [handle, taskHandle]) {
      const { events } = await workflow.fetchHistory();
      const updates = (events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
      expect(updates).toHaveLength(0);
    }
    await decide(task, await talentWorker(), 'approved');
    await call('POST', `/cases/${caseId}/withdraw`, await applicant(), { reason: 'End of test' });
  });
});
