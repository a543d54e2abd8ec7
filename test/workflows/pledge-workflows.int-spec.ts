import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
// The time-skipping helpers alone: the testing barrel would load the whole stack (seconds).
import { createTimeSkippingEnv, createTimeSkippingWorker } from '../support/time-skipping';
import { pledgeWorkflowTests } from './pledge-workflow.tests';
import { StubActivities, type WorkflowBench } from './workflow-harness';

/**
 * Pledge mode and proactive offers on a time-skipping server of their own: their timers are weeks of
 * working days, and a clock shared with the other workflow tests (whose held activities stop automatic
 * time skipping) would make them wait on each other.
 */
let env: TestWorkflowEnvironment | undefined;
let worker: Worker | undefined;
let running: Promise<void> | undefined;
const bench: WorkflowBench = {
  env: () => env!,
  taskQueue: 'pledge-workflow-tests',
  stubs: new StubActivities(),
};

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  worker = await createTimeSkippingWorker(env, {
    taskQueue: bench.taskQueue,
    activities: bench.stubs.activities(),
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

describe('pledge mode and proactive offers', () => pledgeWorkflowTests(bench));
