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

it('completes a case exactly once after its worker process is killed (SIGKILL) mid-call and restarted: one effect per case and step at each department', async () => {
  const env = {
    TEMPORAL_TASK_QUEUE: stack.config.temporal.taskQueue,
    CONNECTOR_BASE_URL: stack.config.connectors.baseUrl,
  };
  // Both departments act at once but answer only after a minute: the first worker dies waiting for the
  // answer, after the department did its part — the case idempotency keys exist for.
  await stack.controlDepartment('credit', { mode: 'slow-answer', delayMs: 60_000 });
  await stack.controlDepartment('social-insurance', { mode: 'slow-answer', delayMs: 60_000 });
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
    // Each department was called again by the fresh worker (the first attempt died with the killed
    // process), with the same Idempotency-Key: it answered from its record and acted once.
    for (const connector of ['credit', 'social-insurance']) {
      const calls = (await stack.departmentCalls(connector, { caseId })).filter(
        (call) => call.operation === 'check',
      );
      expect(calls.map((call) => call.replayed ?? false)).toEqual([false, true]);
      expect(new Set(calls.map((call) => call.headers['idempotency-key'])).size).toBe(1);
      const effects = await stack.departmentEffects(connector, { caseId });
      expect(effects.map((effect) => [effect.operation, effect.stepId])).toEqual([
        ['check', calls[0].body.stepId],
      ]);
    }
    for (const marker of PERSONAL_DATA_MARKERS) expect(freshWorker.output.join('')).not.toContain(marker);
  } finally {
    freshWorker.kill('SIGTERM');
    await exitOf(freshWorker);
  }
});
