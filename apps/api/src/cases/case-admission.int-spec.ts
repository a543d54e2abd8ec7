import { NestFactory } from '@nestjs/core';
import { createLogger } from '@onething/logging';
import { CaseEntity } from '@onething/persistence';
import { exampleApplication, httpCall, startTestStack, waitUntil, type TestStack } from '@onething/testing';
import { createCaseWorker } from '../../../worker/src/case-worker';
import { WorkerModule } from '../../../worker/src/worker.module';

// Load shedding against the real Temporal server's own count of what waits on the task queue: with no
// worker, every submitted case leaves a workflow task waiting; past the limit, submissions are refused
// without storing anything, and once a worker drains the queue they are admitted again.
const LIMIT = 3;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ withWorker: false, env: { CASE_ADMISSION_MAX_BACKLOG: String(LIMIT) } });
});
afterAll(() => stack.close());

const submit = async (idempotencyKey: string) =>
  httpCall<{ id?: string; code?: string; details?: { code: string; path: string }[] }>(
    stack.baseUrl,
    'POST',
    '/cases',
    {
      headers: { ...(await stack.headers('applicant')), 'idempotency-key': idempotencyKey },
      body: { definitionKey: 'talent-introduction', application: exampleApplication() },
    },
  );
const storedCases = () => stack.dataSource.getRepository(CaseEntity).count();

it('refuses new cases with 503 OVERLOADED and Retry-After while the backlog is past the limit, storing nothing', async () => {
  // One case admitted before the queue fills: its request, sent again, must replay even when full.
  const first = await submit('admission-first');
  expect(first.status).toBe(201);
  let n = 0;
  // The server's figure trails the submissions by a moment: submit until it tells (a bounded number).
  const refused = await waitUntil(
    'a submission refused for the backlog',
    async () => {
      const answer = await submit(`admission-${n++}`);
      if (answer.status === 201) return undefined;
      return answer;
    },
    60_000,
    250,
  );
  expect(n).toBeGreaterThan(LIMIT);
  expect(refused.status).toBe(503);
  expect(refused.body).toMatchObject({ code: 'OVERLOADED', details: [{ code: 'BACKLOG', path: '' }] });
  // No worker polls: nothing drains, so the suggestion is the idle one.
  expect(refused.headers.get('retry-after')).toBe('30');

  const before = await storedCases();
  const again = await submit('admission-refused');
  expect(again.status).toBe(503);
  expect(await storedCases()).toBe(before);
  // A request whose key already made a case is answered with that case (200), backlog or not.
  const replayed = await submit('admission-first');
  expect(replayed.status).toBe(200);
  expect(replayed.body.id).toBe(first.body.id);

  // A worker drains the queue; the refused request, sent again with its key, is then admitted.
  const workerApp = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(stack.config, createLogger({ level: 'warn', service: 'admission-test' }), {
      databaseUrl: stack.config.database.url!,
      temporalAddress: stack.config.temporal.address!,
    }),
    { logger: false },
  );
  const { worker, connection } = await createCaseWorker(
    workerApp,
    stack.config,
    stack.config.temporal.address!,
  );
  const running = worker.run();
  try {
    const admitted = await waitUntil(
      'the refused submission admitted once the backlog drains',
      async () => {
        const answer = await submit('admission-refused');
        return answer.status === 201 ? answer : undefined;
      },
      90_000,
      500,
    );
    expect(admitted.body.id).toEqual(expect.any(String));
    expect(await storedCases()).toBe(before + 1);
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await workerApp.close();
  }
}, 180_000);
