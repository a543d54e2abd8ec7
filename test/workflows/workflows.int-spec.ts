import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { taskWorkflowQueue } from '@onething/case-model';
// The time-skipping helpers alone: the testing barrel would load the whole stack (seconds).
import { createTimeSkippingEnv, createTimeSkippingWorker } from '../support/time-skipping';
import { caseWorkflowTests } from './case-workflow.tests';
import { localActivityTests } from './local-activities.tests';
import { outputTests } from './outputs.tests';
import { commitmentWorkflowTests } from './commitment-workflow.tests';
import { flowWorkflowTests } from './flow-workflow.tests';
import { taskWorkflowTests } from './task-workflow.tests';
import { StubActivities, type WorkflowBench } from './workflow-harness';

/**
 * The project's workflows alone, fast: the run's workflow bundle (built once by the integration set-up)
 * on a time-skipping test server, with stub activities in place of PostgreSQL, the department systems
 * and the API. Starting the server takes seconds, so every workflow test shares this one; its time is
 * global, so the tests run one at a time.
 */
let env: TestWorkflowEnvironment | undefined;
let workers: Worker[] = [];
let running: Promise<unknown> | undefined;
const bench: WorkflowBench = {
  env: () => env!,
  taskQueue: 'workflow-tests',
  stubs: new StubActivities(),
};

beforeAll(async () => {
  const started = Date.now();
  env = await createTimeSkippingEnv();
  // The case queue, and its tasks queue where cases of generation 2 run their task workflows.
  workers = await Promise.all(
    [bench.taskQueue, taskWorkflowQueue(bench.taskQueue)].map((taskQueue) =>
      createTimeSkippingWorker(env!, { taskQueue, activities: bench.stubs.activities() }),
    ),
  );
  running = Promise.all(workers.map((worker) => worker.run()));
  process.stderr.write(
    `[workflow tests] time-skipping server and worker ready in ${Date.now() - started} ms\n`,
  );
});
afterAll(async () => {
  for (const worker of workers) worker.shutdown();
  await running;
  await env?.teardown();
});

describe('case workflow', () => caseWorkflowTests(bench));
describe('case workflow flow semantics', () => flowWorkflowTests(bench));
describe('task workflow', () => taskWorkflowTests(bench));
describe('step outputs', () => outputTests(bench));
describe('case commitment and case date', () => commitmentWorkflowTests(bench));
// Last: see `withdraw` in local-activities.tests.ts.
describe('case workflow generation 2 (local activities)', () => localActivityTests(bench));
