import { caseWorkflowId } from '@onething/temporal';
import {
  autoApplication,
  autoDefinition,
  publishTestDefinition,
  startTestStack,
  submitCase,
  TestStack,
  waitUntil,
} from '@onething/testing';

/**
 * A department that is down: the step shows it is retrying (attempt, last error, next retry) while its
 * retry budget lasts, then `failed` waiting for an administrator; after the outage one call retries
 * every failed step of the department or connector.
 */
let stack: TestStack;
const key = `step-failures-${Date.now()}`;

beforeAll(async () => {
  stack = await startTestStack();
  await publishTestDefinition(stack.dataSource, autoDefinition(key, { retries: 4 }));
});
afterAll(async () => {
  await stack.close();
});

interface StepView {
  stepId: string;
  status: string;
  reason: string | null;
  attempts: {
    state: 'retrying' | 'failed';
    attempt: number;
    lastErrorCode: string | null;
    lastError: string | null;
    nextRetryAt: string | null;
    summary: string;
  } | null;
}

async function creditStep(caseId: string): Promise<StepView> {
  const response = await fetch(`${stack.baseUrl}/cases/${caseId}`, { headers: await stack.headers() });
  const { steps } = (await response.json()) as { steps: StepView[] };
  return steps.find((step) => step.stepId === 'creditCheck')!;
}

async function bulkRetry(role: 'administrator' | 'department_supervisor', body: unknown) {
  const response = await fetch(`${stack.baseUrl}/admin/steps/retry`, {
    method: 'POST',
    headers: await stack.headers(role),
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

it('shows a step retrying against a department that is down, then failed, and retries a connector’s failed steps in one call', async () => {
  await stack.controlDepartment('credit', { mode: 'down' });
  const caseIds = [
    await submitCase(stack, key, autoApplication()),
    await submitCase(stack, key, autoApplication()),
  ];

  const retrying = await waitUntil('the credit step retrying', async () => {
    const step = await creditStep(caseIds[0]);
    return step.attempts?.state === 'retrying' ? step : undefined;
  });
  expect(retrying.status).toBe('running');
  expect(retrying.attempts).toMatchObject({
    lastErrorCode: 'server-error:503',
    nextRetryAt: expect.any(String),
  });
  expect(retrying.attempts!.summary).toMatch(/^retrying \(attempt \d, last error server-error:503\)$/);
  expect(retrying.attempts!.lastError).toContain('HTTP 503');

  for (const caseId of caseIds) {
    const failed = await waitUntil(
      'the credit step failed',
      async () => {
        const step = await creditStep(caseId);
        return step.status === 'failed' ? step : undefined;
      },
      30_000,
    );
    // The whole budget was spent: no next retry, an administrator's retry is awaited.
    expect(failed.attempts).toMatchObject({ state: 'failed', attempt: 4, nextRetryAt: null });
    expect(failed.reason).toMatch(/^Department system unavailable: .*HTTP 503/);
  }

  // Who may: a supervisor only for their own department; one of department or connector.
  expect((await bulkRetry('department_supervisor', { department: 'market-regulation' })).status).toBe(403);
  expect((await bulkRetry('administrator', {})).status).toBe(400);
  expect((await bulkRetry('administrator', { department: 'x', connector: 'credit' })).status).toBe(400);

  await stack.controlDepartment('credit', { mode: 'normal' });
  const { status, body } = await bulkRetry('administrator', { connector: 'credit' });
  expect(status).toBe(200);
  expect(body.retried).toBeGreaterThanOrEqual(2);
  expect(body).toMatchObject({ refused: 0 });

  for (const caseId of caseIds) {
    const result = await stack.client.workflow.getHandle(caseWorkflowId(caseId)).result();
    expect(result.decision).toBe('approved');
    const step = await creditStep(caseId);
    expect({ status: step.status, attempts: step.attempts }).toEqual({ status: 'approved', attempts: null });
  }
  // Nothing is left to retry.
  expect(await bulkRetry('administrator', { connector: 'credit' })).toMatchObject({
    status: 200,
    body: { retried: 0 },
  });
});
