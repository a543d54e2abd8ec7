import { CaseStepEntity } from '@onething/persistence';
import {
  activityTypesIn,
  autoApplication,
  autoDefinition,
  publishTestDefinition,
  startTestStack,
  submitCase,
  TestStack,
  waitUntil,
} from '@onething/testing';

/**
 * The generic case workflow on a definition that no code knows about: published into the database,
 * interpreted step by step.
 */
let stack: TestStack;
const key = `interpreter-${Date.now()}`;
const downKey = `interpreter-down-${Date.now()}`;

beforeAll(async () => {
  stack = await startTestStack();
  await publishTestDefinition(stack.dataSource, autoDefinition(key));
  await publishTestDefinition(stack.dataSource, autoDefinition(downKey, { retries: 2 }));
});
afterAll(async () => {
  await stack.close();
});

const application = (overrides: Record<string, unknown> = {}) =>
  autoApplication({ fullName: '王五', monthsOfContributions: 24, ...overrides });
const submit = (definitionKey: string, app: Record<string, unknown>) => submitCase(stack, definitionKey, app);

async function finished(caseId: string) {
  return waitUntil(
    `case ${caseId} to finish`,
    async () => {
      const response = await fetch(`${stack.baseUrl}/cases/${caseId}`, {
        headers: await stack.headers('applicant'),
      });
      const view = (await response.json()) as {
        result: unknown;
        status: string;
        steps: { stepId: string; status: string; reason: string | null }[];
      };
      return view.result ? view : undefined;
    },
    45_000,
  );
}

const callsFor = async (connector: string, caseId: string) =>
  (await stack.departmentCalls(connector)).filter(
    (call) => (call.body as { caseId?: string }).caseId === caseId,
  );

it('runs independent steps in parallel, a dependent step only after both, and skips a step whose condition is false', async () => {
  const caseId = await submit(key, application());
  const view = await finished(caseId);
  expect(view.status).toBe('approved');
  const steps = await stack.dataSource.getRepository(CaseStepEntity).findBy({ caseId });
  const at = Object.fromEntries(steps.map((s) => [s.stepId, s]));
  expect(at.schoolCheck).toMatchObject({ status: 'skipped', reason: 'Condition not met' });
  expect(at.householdCheck.startedAt!.getTime()).toBeGreaterThanOrEqual(
    at.creditCheck.completedAt!.getTime(),
  );
  expect(at.householdCheck.startedAt!.getTime()).toBeGreaterThanOrEqual(
    at.insuranceCheck.completedAt!.getTime(),
  );
  // Parallel: each independent step started before the other had finished (run one after the other,
  // one would start only after the other's decision).
  expect(at.creditCheck.startedAt!.getTime()).toBeLessThan(at.insuranceCheck.completedAt!.getTime());
  expect(at.insuranceCheck.startedAt!.getTime()).toBeLessThan(at.creditCheck.completedAt!.getTime());
  // Local activities enter history with the workflow task that ran them: read it once the case ended.
  const handle = stack.client.workflow.getHandle(`case-${caseId}`);
  await handle.result();
  expect(
    activityTypesIn(await handle.fetchHistory()).filter((name) => name === 'performAutoStep'),
  ).toHaveLength(3);
  // The household department got exactly its contract fields; the condition field went to nobody.
  const [householdCall] = await callsFor('household-registry', caseId);
  expect(Object.keys((householdCall.body as { data: object }).data).sort()).toEqual([
    'fullName',
    'residentId',
  ]);
});

it('runs a conditional step when its condition holds', async () => {
  const caseId = await submit(key, application({ hasChildren: true }));
  const view = await finished(caseId);
  expect(view.steps.find((s) => s.stepId === 'schoolCheck')!.status).toBe('approved');
});

it('retries an auto step that fails transiently, then succeeds', async () => {
  await stack.controlDepartment('credit', { mode: 'normal', failTimes: 2 });
  const caseId = await submit(key, application());
  const view = await finished(caseId);
  expect(view.status).toBe('approved');
  const calls = await callsFor('credit', caseId);
  expect(calls.map((c) => c.status)).toEqual([503, 503, 200]);
});

it('fails the step visibly when its department is down for longer than the retry budget: the case waits for an administrator and says why', async () => {
  await stack.controlDepartment('social-insurance', { mode: 'down' });
  try {
    const caseId = await submit(downKey, application());
    const view = await waitUntil(
      `insurance step of ${caseId} to fail`,
      async () => {
        const response = await fetch(`${stack.baseUrl}/cases/${caseId}`, {
          headers: await stack.headers('applicant'),
        });
        const found = (await response.json()) as {
          status: string;
          steps: { stepId: string; status: string; reason: string | null }[];
        };
        return found.steps.some((s) => s.stepId === 'insuranceCheck' && s.status === 'failed')
          ? found
          : undefined;
      },
      45_000,
    );
    // Never silently approved or rejected: the case is still open, for a retry or a cancellation.
    expect(view.status).toBe('in_progress');
    const insurance = view.steps.find((s) => s.stepId === 'insuranceCheck')!;
    expect(insurance.reason).toMatch(/unavailable.*server-error/);
    // The step after it has not run.
    expect(view.steps.find((s) => s.stepId === 'householdCheck')!.status).toBe('pending');
    expect(await callsFor('social-insurance', caseId)).toHaveLength(2);
    const cancel = await fetch(`${stack.baseUrl}/cases/${caseId}/cancel`, {
      method: 'POST',
      headers: await stack.headers('administrator'),
      body: JSON.stringify({ reason: 'Test over' }),
    });
    expect(cancel.status).toBe(202);
  } finally {
    await stack.controlDepartment('social-insurance', { mode: 'normal' });
  }
});

it('records a business rejection without retrying it', async () => {
  const caseId = await submit(key, application({ monthsOfContributions: 2 }));
  const view = await finished(caseId);
  expect(view.status).toBe('rejected');
  expect(view.steps.find((s) => s.stepId === 'insuranceCheck')).toMatchObject({ status: 'rejected' });
  expect(await callsFor('social-insurance', caseId)).toHaveLength(1);
  expect(view.steps.find((s) => s.stepId === 'householdCheck')!.status).toBe('blocked');
});

it('answers the live progress query with every step', async () => {
  const caseId = await submit(key, application());
  await finished(caseId);
  const progress = await stack.client.workflow
    .getHandle(`case-${caseId}`)
    .query<{ stepId: string; status: string }[]>('progress');
  expect(progress.map((p) => p.stepId).sort()).toEqual([
    'creditCheck',
    'householdCheck',
    'insuranceCheck',
    'schoolCheck',
  ]);
});
