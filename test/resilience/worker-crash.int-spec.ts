import { CaseStepEntity, OutboxEventEntity } from '@onething/persistence';
import {
  autoApplication,
  autoDefinition,
  PERSONAL_DATA_MARKERS,
  publishTestDefinition,
  startTestStack,
  submitCase,
  TestStack,
  waitUntil,
} from '@onething/testing';
import { exitOf, spawnWorkerProcess } from './worker-process';

let stack: TestStack;
const key = `crash-${Date.now()}`;

beforeAll(async () => {
  // No in-process worker: the worker runs as a real process that the test kills.
  stack = await startTestStack({ withWorker: false, env: { DEPARTMENT_HEARTBEAT_TIMEOUT_MS: '2000' } });
  await publishTestDefinition(stack.dataSource, autoDefinition(key));
});
afterAll(async () => {
  await stack.close();
});

it('completes a case exactly once after its worker process is killed (SIGKILL) mid-step and restarted', async () => {
  const env = {
    TEMPORAL_TASK_QUEUE: stack.config.temporal.taskQueue,
    CONNECTOR_BASE_URL: stack.config.connectors.baseUrl,
  };
  // Both departments answer only after a minute: the first worker dies while waiting on them.
  await stack.controlDepartment('credit', { mode: 'slow', delayMs: 60_000 });
  await stack.controlDepartment('social-insurance', { mode: 'slow', delayMs: 60_000 });
  const slowWorker = spawnWorkerProcess(env);

  const caseId = await submitCase(stack, key, autoApplication());
  const steps = stack.dataSource.getRepository(CaseStepEntity);
  await waitUntil(
    'both department steps to be running on the first worker',
    async () => (await steps.countBy({ caseId, status: 'running' })) === 2,
    60_000,
  );
  await waitUntil(
    'both departments to have been called',
    async () =>
      (await stack.departmentCalls('credit')).length > 0 &&
      (await stack.departmentCalls('social-insurance')).length > 0,
  );
  slowWorker.kill('SIGKILL');
  expect(await exitOf(slowWorker)).toBeNull();
  await stack.controlDepartment('credit', { mode: 'normal' });
  await stack.controlDepartment('social-insurance', { mode: 'normal' });

  const freshWorker = spawnWorkerProcess(env);
  try {
    const result = await stack.client.workflow.getHandle(`case-${caseId}`).result();
    expect(result.decision).toBe('approved');

    const events = await stack.dataSource
      .getRepository(OutboxEventEntity)
      .find({ where: { aggregateId: caseId } });
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('case.step.completed')).toBe(3);
    expect(count('case.completed')).toBe(1);
    // Each department was called again by the fresh worker: the first attempt died with the killed process.
    expect(
      (await stack.departmentCalls('credit')).filter((c) => (c.body as any).caseId === caseId),
    ).toHaveLength(2);
    expect(
      (await stack.departmentCalls('social-insurance')).filter((c) => (c.body as any).caseId === caseId),
    ).toHaveLength(2);
    for (const marker of PERSONAL_DATA_MARKERS) expect(freshWorker.output.join('')).not.toContain(marker);
  } finally {
    freshWorker.kill('SIGTERM');
    await exitOf(freshWorker);
  }
});
