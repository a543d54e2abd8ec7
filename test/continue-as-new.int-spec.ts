import { caseWorkflowId } from '@onething/case-model';
import {
  autoApplication,
  fastRetry,
  httpCall,
  publishTestDefinition,
  recordHistories,
  startTestStack,
  submitCase,
  TestStack,
  text,
  waitUntil,
} from '@onething/testing';

/**
 * A long case hands over to a new run (continue-as-new) with what it knows: settled outcomes, the failed
 * step waiting for a retry, and the approved steps to undo. A short history limit makes it happen here.
 */
let stack: TestStack;
const key = `continued-${Date.now()}`;
const retry = fastRetry(2);

beforeAll(async () => {
  stack = await startTestStack({ env: { CASE_CONTINUE_AS_NEW_AFTER_EVENTS: '10' } });
  await publishTestDefinition(stack.dataSource, {
    key,
    version: 1,
    title: text('续跑测试', 'Continue-as-new test'),
    description: text('长历史', 'Long history'),
    leadDepartment: 'talent-office',
    fields: [
      { id: 'fullName', type: 'text', label: text('姓名', 'Full name'), required: true },
      { id: 'residentId', type: 'cn-resident-id', label: text('身份证号', 'Resident ID'), required: true },
      { id: 'monthsOfContributions', type: 'number', label: text('月数', 'Months'), required: true },
    ],
    steps: [
      {
        id: 'subsidyGrant',
        title: text('补贴', 'Subsidy'),
        department: 'housing',
        kind: 'auto',
        connector: 'subsidy-payment',
        contract: ['fullName'],
        sla: { workingDays: 1 },
        retry,
        compensate: { action: 'subsidy-clawback' },
      },
      {
        id: 'insuranceCheck',
        title: text('社保', 'Insurance'),
        department: 'hrss',
        kind: 'auto',
        connector: 'social-insurance',
        contract: ['fullName', 'residentId', 'monthsOfContributions'],
        after: ['subsidyGrant'],
        sla: { workingDays: 1 },
        retry,
      },
    ],
    outcome: {
      rule: 'all-required-approved',
      notice: {
        approved: text('通过', 'Approved'),
        rejected: text('未通过', 'Rejected'),
        partial: text('部分', 'Partly'),
      },
    },
  });
});
afterAll(async () => {
  await stack.close();
});

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return httpCall(stack.baseUrl, method, path, { headers, body });
}

const caseView = async (caseId: string) =>
  (await call('GET', `/cases/${caseId}`, await stack.headers('applicant'))).body as {
    status: string;
    steps: { stepId: string; status: string }[];
    result: { steps: { stepId: string; compensated?: true }[] } | null;
  };

/** The case's runs, oldest first, once at least `count` of them exist. */
async function runs(caseId: string, count: number) {
  return waitUntil(`${count} runs of case ${caseId}`, async () => {
    const found: { runId: string; status: string; start: number }[] = [];
    for await (const run of stack.client.workflow.list({
      query: `WorkflowId = '${caseWorkflowId(caseId)}'`,
    })) {
      found.push({ runId: run.runId, status: run.status.name, start: run.startTime.getTime() });
    }
    return found.length >= count ? found.sort((a, b) => a.start - b.start) : undefined;
  });
}

/** Submits a case whose second step fails (its department down) after the first approved. */
async function caseWaitingForRetry(): Promise<string> {
  await stack.controlDepartment('social-insurance', { mode: 'down' });
  try {
    const { fullName, residentId, monthsOfContributions } = autoApplication();
    const caseId = await submitCase(stack, key, { fullName, residentId, monthsOfContributions });
    await waitUntil('the insurance step failed', async () => {
      const view = await caseView(caseId);
      return view.steps.find((s) => s.stepId === 'insuranceCheck')?.status === 'failed' ? view : undefined;
    });
    return caseId;
  } finally {
    await stack.controlDepartment('social-insurance', { mode: 'normal' });
  }
}

it('carries the failed step over: the retry reaches the new run and the case completes', async () => {
  const caseId = await caseWaitingForRetry();
  const [first] = await runs(caseId, 2);
  expect(first.status).toBe('CONTINUED_AS_NEW');
  // The progress query of the new run knows what the old one settled.
  const progress = await stack.client.workflow
    .getHandle(caseWorkflowId(caseId))
    .query<{ stepId: string; status: string }[]>('progress');
  expect(progress.map((p) => [p.stepId, p.status])).toEqual([
    ['subsidyGrant', 'approved'],
    ['insuranceCheck', 'failed'],
  ]);

  const retried = await call(
    'POST',
    `/cases/${caseId}/steps/insuranceCheck/retry`,
    await stack.headers('administrator'),
  );
  expect(retried.status).toBe(202);
  const done = await waitUntil(
    'approved',
    async () => {
      const view = await caseView(caseId);
      return view.status === 'approved' ? view : undefined;
    },
    45_000,
  );
  expect(done.steps.map((s) => s.status)).toEqual(['approved', 'approved']);
  await recordHistories(stack.client, {
    'continued-as-new-waiting-for-retry': { workflowId: caseWorkflowId(caseId), runId: first.runId },
  });
});

it('carries the steps to undo over: a withdrawal in the new run compensates the step approved in the old one', async () => {
  const caseId = await caseWaitingForRetry();
  await runs(caseId, 2);
  const withdrawn = await call('POST', `/cases/${caseId}/withdraw`, await stack.headers('applicant'), {
    reason: 'Found another job',
  });
  expect(withdrawn.status).toBe(202);
  const view = await waitUntil('withdrawn', async () => {
    const found = await caseView(caseId);
    return found.status === 'withdrawn' ? found : undefined;
  });
  expect(view.result!.steps.filter((s) => s.compensated).map((s) => s.stepId)).toEqual(['subsidyGrant']);
  const undone = await stack.departmentCompensations({ caseId });
  expect(undone.map((c) => c.action)).toEqual(['subsidy-clawback']);
  await recordHistories(stack.client, { 'continued-as-new-then-withdrawn': caseWorkflowId(caseId) });
});
