import { CaseStepEntity, OutboxEventEntity } from '@onething/persistence';
import {
  exampleApplication,
  PERSONAL_DATA_MARKERS,
  startTestStack,
  TestStack,
  waitUntil,
} from '@onething/testing';
import { exitOf, spawnWorkerProcess } from './worker-process';

let stack: TestStack;

beforeAll(async () => {
  // No in-process worker: the worker runs as a real process that the test kills.
  stack = await startTestStack({ withWorker: false, env: { DEPARTMENT_HEARTBEAT_TIMEOUT_MS: '2000' } });
});
afterAll(async () => {
  await stack.close();
});

it('completes a case exactly once after its worker process is killed (SIGKILL) mid-step and restarted', async () => {
  const env = { TEMPORAL_TASK_QUEUE: stack.config.temporal.taskQueue };
  const slowWorker = spawnWorkerProcess({ ...env, SIMULATED_DEPARTMENT_DELAY_MS: '60000' });

  const response = await fetch(`${stack.baseUrl}/cases`, {
    method: 'POST',
    headers: await stack.headers('applicant'),
    body: JSON.stringify({ definitionKey: 'talent-introduction', application: exampleApplication() }),
  });
  const caseId = ((await response.json()) as { id: string }).id;
  const steps = stack.dataSource.getRepository(CaseStepEntity);
  await waitUntil(
    'both department steps to be running on the first worker',
    async () => (await steps.countBy({ caseId, status: 'running' })) === 2,
    60_000,
  );
  slowWorker.kill('SIGKILL');
  expect(await exitOf(slowWorker)).toBeNull();

  const freshWorker = spawnWorkerProcess(env);
  try {
    const result = await stack.client.workflow.getHandle(`case-${caseId}`).result();
    expect(result.decision).toBe('approved');

    const events = await stack.dataSource
      .getRepository(OutboxEventEntity)
      .find({ where: { aggregateId: caseId } });
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('case.step.completed')).toBe(2);
    expect(count('case.completed')).toBe(1);
    // Each step ran again on the fresh worker: the first attempt died with the killed process.
    const attempts = (await steps.findBy({ caseId })).map((s) => s.attempts);
    expect(attempts.every((a) => a >= 2)).toBe(true);
    for (const marker of PERSONAL_DATA_MARKERS) expect(freshWorker.output.join('')).not.toContain(marker);
  } finally {
    freshWorker.kill('SIGTERM');
    await exitOf(freshWorker);
  }
});
