import { caseWorkflowId, taskWorkflowId } from '@onething/case-model';
import {
  createPerson,
  fastRetry,
  httpCall,
  publishTestDefinition,
  recordHistories,
  startTestStack,
  submitCase,
  text,
  TestPerson,
  TestStack,
  waitUntil,
} from '@onething/testing';

/**
 * The flow semantics on the real Temporal server and PostgreSQL: a required rejection cancels another
 * department's open task (with the reason, in its task view and worklist, the department notified), and
 * compensation is scoped by `compensate.when` (the step the rejected one rests on is undone, an
 * independent certificate stands).
 */
let stack: TestStack;
let housing: TestPerson;
const key = `flow-${Date.now()}`;
const sla = { workingDays: 5 };
const retry = fastRetry(3);

function flowDefinition(definitionKey: string): unknown {
  return {
    key: definitionKey,
    version: 1,
    title: text('人才安居一件事（测试）', 'Talent housing (test)'),
    description: text('流程语义测试', 'Flow semantics test'),
    leadDepartment: 'talent-office',
    fields: [
      { id: 'fullName', type: 'text', label: text('姓名', 'Full name'), required: true },
      { id: 'residentId', type: 'cn-resident-id', label: text('身份证号', 'Resident ID'), required: true },
    ],
    steps: [
      {
        id: 'subsidyGrant',
        title: text('补贴发放', 'Subsidy'),
        department: 'housing',
        kind: 'auto',
        connector: 'subsidy-payment',
        contract: ['fullName'],
        sla,
        retry,
        // Paid for the talent review's sake: undone when that review (which depends on it) says no.
        compensate: { action: 'subsidy-clawback', when: ['withdrawn', 'dependency-rejected'] },
      },
      {
        id: 'certificate',
        title: text('证书签发', 'Certificate'),
        department: 'public-security',
        kind: 'auto',
        connector: 'household-registry',
        contract: ['fullName', 'residentId'],
        sla,
        retry,
        // Issued on its own merits: stands whatever another department decides.
        compensate: { action: 'household-record-revoke', when: ['withdrawn'] },
      },
      {
        id: 'talentReview',
        title: text('人才认定', 'Talent review'),
        department: 'talent-office',
        kind: 'manual',
        contract: ['fullName'],
        after: ['subsidyGrant'],
        sla,
      },
      {
        id: 'housingReview',
        title: text('住房审核', 'Housing review'),
        department: 'housing',
        kind: 'manual',
        contract: ['fullName'],
        sla,
      },
    ],
    outcome: {
      rule: 'all-required-approved',
      notice: {
        approved: text('已办结', 'Approved'),
        rejected: text('未通过', 'Rejected'),
        partial: text('部分办结', 'Partly approved'),
      },
    },
  };
}

/** An eligibility check skipped for an applicant without a talent card, and a review that rests on it. */
function eligibilityDefinition(definitionKey: string): unknown {
  const base = flowDefinition(definitionKey) as Record<string, unknown>;
  return {
    ...base,
    fields: [
      { id: 'fullName', type: 'text', label: text('姓名', 'Full name'), required: true },
      {
        id: 'hasTalentCard',
        type: 'boolean',
        label: text('持有人才卡', 'Has a talent card'),
        required: true,
      },
    ],
    steps: [
      {
        id: 'cardCheck',
        title: text('人才卡核验', 'Talent card check'),
        department: 'talent-office',
        kind: 'auto',
        connector: 'household-registry',
        contract: ['fullName'],
        when: 'fields.hasTalentCard == true',
        sla,
        retry,
      },
      {
        id: 'housingReview',
        title: text('住房审核', 'Housing review'),
        department: 'housing',
        kind: 'manual',
        contract: ['fullName'],
        after: ['cardCheck'],
        sla,
      },
    ],
  };
}

interface TaskView {
  id: string;
  stepId: string;
  status: string;
  decisionReason: string | null;
}
interface CaseView {
  status: string;
  steps: { stepId: string; status: string; reason: string | null }[];
  result: { decision: string; steps: { stepId: string; decision: string; compensated?: true }[] } | null;
}
type Headers = Record<string, string>;

const call = (method: string, path: string, headers: Headers, body?: unknown) =>
  httpCall(stack.baseUrl, method, path, { headers, body });

async function openTask(caseId: string, stepId: string, headers: Headers): Promise<TaskView> {
  return waitUntil(`task ${stepId} of ${caseId}`, async () => {
    const { body } = await call('GET', `/tasks?caseId=${caseId}`, headers);
    const task = (body.items as TaskView[]).find((t) => t.stepId === stepId);
    return task?.status === 'open' ? task : undefined;
  });
}

const eligibilityKey = `flow-eligibility-${Date.now()}`;

beforeAll(async () => {
  stack = await startTestStack();
  await publishTestDefinition(stack.dataSource, flowDefinition(key));
  await publishTestDefinition(stack.dataSource, eligibilityDefinition(eligibilityKey));
  housing = await createPerson(stack, 'department_worker', ['housing']);
});
afterAll(async () => {
  await stack.close();
});

it("cancels another department's open task when a required step is rejected, tells that department, and undoes only the step the rejected one rests on", async () => {
  const caseId = await submitCase(stack, key, { fullName: '王五', residentId: '11010519491231002X' });
  const housingTask = await openTask(caseId, 'housingReview', await housing.headers());
  const talentTask = await openTask(caseId, 'talentReview', await stack.headers('department_worker'));

  const decided = await call(
    'POST',
    `/tasks/${talentTask.id}/decision`,
    await stack.headers('department_worker'),
    {
      decision: 'rejected',
      reason: 'Not a recognised talent category',
    },
  );
  expect(decided.status).toBe(201);
  await stack.client.workflow.getHandle(caseWorkflowId(caseId)).result();

  const reason = 'Cancelled: the case was rejected by step talentReview';
  // The housing department sees its task cancelled with the reason, in the task view and the worklist.
  const view = (await call('GET', `/tasks/${housingTask.id}`, await housing.headers())).body as TaskView;
  expect(view).toMatchObject({ status: 'cancelled', decisionReason: reason });
  const worklist = (await call('GET', `/tasks?caseId=${caseId}`, await housing.headers())).body
    .items as TaskView[];
  expect(worklist).toEqual([expect.objectContaining({ stepId: 'housingReview', status: 'cancelled' })]);
  const inbox = (await call('GET', `/me/notifications?caseId=${caseId}`, await housing.headers())).body
    .items as { kind: string; data: Record<string, string> }[];
  expect(inbox).toEqual([
    expect.objectContaining({
      kind: 'task-cancelled',
      data: expect.objectContaining({ taskId: housingTask.id }),
    }),
  ]);
  const task = stack.client.workflow.getHandle(taskWorkflowId(caseId, 'housingReview'));
  expect((await task.describe()).status.name).toBe('CANCELLED');

  const caseView = (await call('GET', `/cases/${caseId}`, await stack.headers('administrator')))
    .body as CaseView;
  expect(caseView.status).toBe('rejected');
  expect(caseView.steps.find((step) => step.stepId === 'housingReview')).toMatchObject({
    status: 'cancelled',
    reason,
  });
  // Scoped compensation: the subsidy the rejected review rested on is clawed back; the certificate stands.
  expect(caseView.steps.find((step) => step.stepId === 'subsidyGrant')?.status).toBe('compensated');
  expect(caseView.steps.find((step) => step.stepId === 'certificate')?.status).toBe('approved');
  expect(caseView.result?.steps).toEqual([
    expect.objectContaining({ stepId: 'subsidyGrant', decision: 'approved', compensated: true }),
    expect.not.objectContaining({ stepId: 'certificate', compensated: true }),
    expect.objectContaining({ stepId: 'talentReview', decision: 'rejected' }),
    expect.objectContaining({ stepId: 'housingReview', decision: 'cancelled' }),
  ]);

  await recordHistories(stack.client, {
    'flow-rejection-cancels-open-task': caseWorkflowId(caseId),
    'flow-rejection-cancels-open-task-talentReview': taskWorkflowId(caseId, 'talentReview'),
    'flow-rejection-cancels-open-task-housingReview': taskWorkflowId(caseId, 'housingReview'),
  });
});

it('skips the review that rests on a skipped check, opens no task, and ends not_applicable with its notice', async () => {
  const caseId = await submitCase(stack, eligibilityKey, { fullName: '赵六', hasTalentCard: false });
  await stack.client.workflow.getHandle(caseWorkflowId(caseId)).result();

  const caseView = (await call('GET', `/cases/${caseId}`, await stack.headers('applicant'))).body as CaseView;
  expect(caseView.status).toBe('not_applicable');
  expect(caseView.steps).toEqual([
    expect.objectContaining({ stepId: 'cardCheck', status: 'skipped', reason: 'Condition not met' }),
    expect.objectContaining({
      stepId: 'housingReview',
      status: 'skipped',
      reason: 'Upstream step cardCheck was skipped',
    }),
  ]);
  const worklist = (await call('GET', `/tasks?caseId=${caseId}`, await housing.headers())).body.items;
  expect(worklist).toEqual([]);
  const inbox = (await call('GET', `/me/notifications?caseId=${caseId}`, await stack.headers('applicant')))
    .body.items as { kind: string; body: { en: string }; data: Record<string, string> }[];
  expect(inbox).toEqual([
    expect.objectContaining({ kind: 'case-result', data: { decision: 'not_applicable' } }),
  ]);
  expect(inbox[0]?.body.en).toContain('does not apply to your situation');

  await recordHistories(stack.client, { 'flow-nothing-ran-not-applicable': caseWorkflowId(caseId) });
});
