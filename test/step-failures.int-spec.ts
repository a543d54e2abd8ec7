import { caseWorkflowId } from '@onething/case-model';
import {
  activityTypesIn,
  autoApplication,
  autoDefinition,
  publishTestDefinition,
  recordHistories,
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

async function listSteps(state: 'failed' | 'retrying', department: string) {
  const response = await fetch(`${stack.baseUrl}/admin/steps?state=${state}&department=${department}`, {
    headers: await stack.headers('administrator'),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { items: (StepView & { caseId: string })[]; total: number };
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
  // The list of steps that cannot proceed shows it too, while it retries.
  const retryingList = await listSteps('retrying', 'market-regulation');
  expect(retryingList.items.map((item) => item.caseId)).toContain(caseIds[0]);

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

  const failedList = await listSteps('failed', 'market-regulation');
  for (const caseId of caseIds) {
    expect(failedList.items.find((item) => item.caseId === caseId)).toMatchObject({
      stepId: 'creditCheck',
      status: 'failed',
      attempts: { state: 'failed', attempt: 4 },
    });
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

it('records a department answer apart when the activity could not store it, without calling the department again', async () => {
  // The first write of a credit decision of the chosen case fails (a transient PostgreSQL failure,
  // SQLSTATE 40001); a sequence counts across the rollback.
  await stack.dataSource.query(`CREATE TABLE IF NOT EXISTS jammed_cases (case_id uuid PRIMARY KEY)`);
  await stack.dataSource.query(`CREATE SEQUENCE IF NOT EXISTS jammed_decisions`);
  await stack.dataSource.query(`
    CREATE OR REPLACE FUNCTION refuse_first_decision() RETURNS trigger AS $$
    BEGIN
      IF NEW.step_id = 'creditCheck' AND NEW.status IN ('approved', 'rejected')
         AND EXISTS (SELECT 1 FROM jammed_cases WHERE case_id = NEW.case_id)
         AND nextval('jammed_decisions') = 1 THEN
        RAISE EXCEPTION 'could not serialize access (simulated)' USING ERRCODE = '40001';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await stack.dataSource.query(`
    CREATE OR REPLACE TRIGGER refuse_first_decision BEFORE UPDATE ON case_steps
    FOR EACH ROW EXECUTE FUNCTION refuse_first_decision()`);
  // The department answers after a moment, so the case is marked before its decision is written.
  await stack.controlDepartment('credit', { mode: 'slow', delayMs: 1_500 });
  const caseId = await submitCase(stack, key, autoApplication());
  await stack.dataSource.query(`INSERT INTO jammed_cases (case_id) VALUES ($1)`, [caseId]);

  const handle = stack.client.workflow.getHandle(caseWorkflowId(caseId));
  expect((await handle.result()).decision).toBe('approved');
  await stack.controlDepartment('credit', { mode: 'normal' });
  // Asked once, acted once.
  expect(await stack.departmentCalls('credit', { caseId })).toHaveLength(1);
  expect(await stack.departmentEffects('credit', { caseId })).toHaveLength(1);
  expect((await creditStep(caseId)).status).toBe('approved');
  // The workflow recorded the answer with its own activity.
  const ran = activityTypesIn(await handle.fetchHistory());
  expect(ran.filter((name) => name === 'recordStepDecision')).toHaveLength(1);
  await recordHistories(stack.client, { 'auto-step-answer-recorded-apart': caseWorkflowId(caseId) });
});
