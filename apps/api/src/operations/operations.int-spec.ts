import { randomUUID } from 'node:crypto';
import { CaseEntity, CaseStepEntity } from '@onething/persistence';
import {
  autoApplication,
  autoDefinition,
  httpCall,
  publishTestDefinition,
  startTestStack,
  submitCase,
  TestStack,
  waitUntil,
} from '@onething/testing';
import type { OperationsOverview, OperationsTrends } from './operations.dto';

/**
 * The operations view's figures against a real worker: a department that is down leaves a failed step
 * (counted per department, the case counted by its one-thing and status), the other departments settle
 * theirs (a cycle time), and an overdue step is listed as an SLA breach.
 */
let stack: TestStack;
const key = `operations-${Date.now()}`;

beforeAll(async () => {
  stack = await startTestStack({ env: { TEMPORAL_WEB_UI_URL: 'http://temporal-ui.example:8233/' } });
  await publishTestDefinition(stack.dataSource, autoDefinition(key, { retries: 2 }));
});
afterAll(async () => {
  await stack.close();
});

async function get<T>(path: string, role: 'administrator' | 'auditor' = 'administrator') {
  return httpCall<T>(stack.baseUrl, 'GET', path, { headers: await stack.headers(role) });
}

/** An open case with one overdue manual step, written to the read model as the task workflow would. */
async function insertOverdueStep(): Promise<string> {
  const id = randomUUID();
  await stack.dataSource.getRepository(CaseEntity).insert({
    id,
    definitionKey: key,
    definitionVersion: 1,
    status: 'in_progress',
    application: {},
    result: null,
    workflowId: `case-${id}`,
    applicantAccountId: stack.accounts.applicant.id,
    submittedByAccountId: stack.accounts.applicant.id,
  });
  const yesterday = new Date(Date.now() - 86_400_000);
  await stack.dataSource.getRepository(CaseStepEntity).insert({
    caseId: id,
    stepId: 'talentReview',
    department: 'talent-office',
    kind: 'manual',
    status: 'running',
    startedAt: new Date(Date.now() - 5 * 86_400_000),
    sla: {
      dueDate: yesterday.toISOString().slice(0, 10),
      dueAt: yesterday,
      dueSoonAt: yesterday,
      breachedAt: yesterday,
      slaPausedAt: null,
      escalatedAt: null,
    },
  });
  return id;
}

it('counts cases by one-thing and status, failed steps per department and overdue steps, with the Web UI address', async () => {
  await stack.controlDepartment('credit', { mode: 'down' });
  const caseId = await submitCase(stack, key, autoApplication());
  await waitUntil(
    'the credit step failed',
    async () => {
      const { body } = await get<{ items: { caseId: string }[] }>(
        '/admin/steps?state=failed&department=market-regulation',
      );
      return body.items.some((item) => item.caseId === caseId) || undefined;
    },
    30_000,
  );
  const overdueCase = await insertOverdueStep();

  const { status, body } = await get<OperationsOverview>('/admin/operations/overview', 'auditor');
  expect(status).toBe(200);
  const ofKey = body.cases.filter((row) => row.definitionKey === key);
  expect(ofKey.reduce((total, row) => total + row.count, 0)).toBe(2);
  expect(ofKey.find((row) => row.status === 'in_progress')?.count).toBeGreaterThanOrEqual(1);
  expect(body.failedSteps.byDepartment).toContainEqual({ department: 'market-regulation', count: 1 });
  expect(body.failedSteps.total).toBeGreaterThanOrEqual(1);
  expect(body.slaBreaches.byDepartment).toContainEqual({ department: 'talent-office', count: 1 });
  expect(body.slaBreaches.steps).toContainEqual(
    expect.objectContaining({ caseId: overdueCase, stepId: 'talentReview', department: 'talent-office' }),
  );
  expect(body.temporalWebUi).toEqual({ baseUrl: 'http://temporal-ui.example:8233', namespace: 'default' });
  await stack.controlDepartment('credit', { mode: 'normal' });
});

it("gives each department's backlog, settled steps and cycle time for every day of the window", async () => {
  const { status, body } = await get<OperationsTrends>('/admin/operations/trends?days=3');
  expect(status).toBe(200);
  expect(body.days).toHaveLength(3);
  expect(body.timeZone).toBe('Asia/Shanghai');
  const today = body.days[2];
  const pointOf = (department: string) =>
    body.departments.find((row) => row.department === department)?.points.find((p) => p.day === today);
  // The failed credit step is still open; the overdue review has been open for days.
  expect(pointOf('market-regulation')?.backlog).toBeGreaterThanOrEqual(1);
  const talentOffice = body.departments.find((row) => row.department === 'talent-office')!;
  // (other suites in this Jest worker's schema may add open steps of their own today)
  for (const point of talentOffice.points) expect(point.backlog).toBeGreaterThanOrEqual(1);
  // Social insurance answered: settled today, with a cycle time.
  expect(pointOf('hrss')).toMatchObject({
    completed: expect.any(Number),
    meanCycleHours: expect.any(Number),
  });
  expect(pointOf('hrss')!.completed).toBeGreaterThanOrEqual(1);
  for (const row of body.departments) expect(row.points.map((point) => point.day)).toEqual(body.days);
});

it('refuses a window outside 1..90 days at its field', async () => {
  const { status, body } = await get<{ code: string; path: string }>('/admin/operations/trends?days=91');
  expect(status).toBe(400);
  expect(body).toMatchObject({ code: 'VALIDATION_FAILED', path: 'days' });
});
