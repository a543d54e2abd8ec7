import { join } from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type Worker } from '@temporalio/worker';
import { failureConverterPath } from '@onething/codec';
import { CaseIdAttribute, CaseStatusAttribute } from '@onething/case-model';
import { decideTaskUpdate, manualTaskWorkflow, taskStateQuery } from '@onething/workflows';
import { createTimeSkippingEnv, createTimeSkippingWorker, waitUntil } from '@onething/testing';
import {
  answerSignal,
  continueAsNewWorkflow,
  decideUpdate,
  decisionWorkflow,
  parentWorkflow,
  signalWorkflow,
  sleepWorkflow,
  stateQuery,
  unpolledActivityWorkflow,
  upsertStatusWorkflow,
} from './workflows/time-skipping.workflows';

/**
 * What the Java time-skipping test server (io.temporal:temporal-test-server, see DESIGN.md) supports of
 * the Temporal features the project's workflows use. Time is global to the environment: the tests run
 * one workflow at a time, in order.
 */
const { EventType } = temporal.api.enums.v1;
const DAY = 24 * 60 * 60 * 1000;
const testQueue = 'time-skipping-test';
const projectQueue = 'time-skipping-project';

async function eventTypes(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).map((e) => EventType[e.eventType ?? 0] ?? String(e.eventType));
}
const isUpdateEvent = (type: string) => type.startsWith('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_');

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let workers: Worker[] = [];
  let running: Promise<void>[] = [];
  const recorded: string[] = [];

  beforeAll(async () => {
    const started = Date.now();
    const bundling = bundleWorkflowCode({
      workflowsPath: join(__dirname, 'workflows', 'time-skipping.workflows.ts'),
      failureConverterPath,
      logger: undefined,
    });
    env = await createTimeSkippingEnv();
    process.stderr.write(`[time-skipping] environment ready in ${Date.now() - started} ms\n`);
    workers = [
      await createTimeSkippingWorker(env, {
        taskQueue: testQueue,
        workflowBundle: { code: (await bundling).code },
        activities: { recordDecision: (decision: string) => void recorded.push(decision) },
      }),
      // The project's workflows, as the integration set-up bundled them. Every activity a workflow
      // schedules must be polled: see the last test.
      await createTimeSkippingWorker(env, {
        taskQueue: projectQueue,
        activities: {
          openTask: () => Promise.resolve({ taskId: 'ts-task' }),
          recordStepDecision: () => Promise.resolve(),
        },
      }),
    ];
    running = workers.map((w) => w.run());
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.all(running);
    await env?.teardown();
  });

  it('fires a 3-day timer within a few real seconds', async () => {
    const started = Date.now();
    const serverTimeBefore = await env.currentTimeMs();
    const result = await env.client.workflow.execute(sleepWorkflow, {
      args: [3 * DAY],
      taskQueue: testQueue,
      workflowId: 'sleep-3-days',
    });
    expect(result.sleptMs).toBeGreaterThanOrEqual(3 * DAY);
    expect((await env.currentTimeMs()) - serverTimeBefore).toBeGreaterThanOrEqual(3 * DAY);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('delivers a signal, and times out a 30-day condition when none comes', async () => {
    const answered = await env.client.workflow.start(signalWorkflow, {
      args: ['30 days'],
      taskQueue: testQueue,
      workflowId: 'signal-answered',
    });
    await answered.signal(answerSignal, 'yes');
    expect(await answered.result()).toBe('yes');
    expect(await eventTypes(answered)).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED');

    const started = Date.now();
    const silent = await env.client.workflow.execute(signalWorkflow, {
      args: ['30 days'],
      taskQueue: testQueue,
      workflowId: 'signal-silent',
    });
    expect(silent).toBe('timed out');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('runs a child workflow that sleeps a day and signals its parent', async () => {
    const parent = await env.client.workflow.start(parentWorkflow, {
      args: ['step-1'],
      taskQueue: testQueue,
      workflowId: 'parent',
    });
    expect(await parent.result()).toEqual({ result: 'child step-1 done', signalled: ['step-1'] });
    const events = await eventTypes(parent);
    expect(events).toEqual(
      expect.arrayContaining([
        'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
        'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED',
        'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED',
        'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
      ]),
    );
    const child = env.client.workflow.getHandle('parent-child');
    expect(await eventTypes(child)).toEqual(
      expect.arrayContaining([
        'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
        'EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED',
      ]),
    );
  });

  it('runs an Update whose validator refuses another department, keeping the refusal out of history', async () => {
    const task = await env.client.workflow.start(decisionWorkflow, {
      args: ['talent-office'],
      taskQueue: testQueue,
      workflowId: 'decision',
    });
    expect(await task.query(stateQuery)).toBe('open');
    const before = await eventTypes(task);

    const refusal: unknown = await task
      .executeUpdate(decideUpdate, { args: [{ decision: 'approved', department: 'hrss' }] })
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (refusal as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('WRONG_DEPARTMENT');
    const afterRefusal = await eventTypes(task);
    expect(afterRefusal.filter(isUpdateEvent)).toEqual([]);
    // Unlike the real server (whose speculative workflow task leaves no trace), the test server records
    // the workflow task(s) that ran the validator (one or two in practice), but nothing of the Update.
    const added = afterRefusal.slice(before.length);
    expect(afterRefusal.slice(0, before.length)).toEqual(before);
    expect(added.filter((t) => !t.startsWith('EVENT_TYPE_WORKFLOW_TASK_'))).toEqual([]);

    expect(
      await task.executeUpdate(decideUpdate, {
        args: [{ decision: 'approved', department: 'talent-office' }],
      }),
    ).toBe('approved');
    expect(await task.result()).toBe('approved');
    expect(recorded).toEqual(['approved']);
    expect((await eventTypes(task)).filter(isUpdateEvent)).toEqual([
      'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED',
    ]);
  });

  it("refuses another department's decision in the project's manual task workflow (the run's bundle)", async () => {
    const task = await env.client.workflow.start(manualTaskWorkflow, {
      args: [
        {
          caseId: 'ts-case',
          definitionKey: 'ts',
          definitionVersion: 1,
          stepId: 'review',
          department: 'talent-office',
        },
      ],
      taskQueue: projectQueue,
      workflowId: 'project-task',
    });
    try {
      await waitUntil('the task to open', async () => (await task.query(taskStateQuery)).status === 'open');
      const refusal: unknown = await task
        .executeUpdate(decideTaskUpdate, {
          args: [{ decision: 'approved', actor: { accountId: 'someone', departments: ['hrss'], roles: [] } }],
        })
        .catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((refusal as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(
        'WRONG_DEPARTMENT',
      );
      expect((await eventTypes(task)).filter(isUpdateEvent)).toEqual([]);
    } finally {
      await task.terminate('test done');
    }
  });

  it('upserts the custom keyword OnethingCaseStatus once the environment has registered it', async () => {
    const handle = await env.client.workflow.start(upsertStatusWorkflow, {
      args: ['approved'],
      taskQueue: testQueue,
      workflowId: 'upsert',
      // As CaseDispatcher starts a case.
      typedSearchAttributes: [
        { key: CaseIdAttribute, value: 'ts-case' },
        { key: CaseStatusAttribute, value: 'in_progress' },
      ],
    });
    expect(await handle.result()).toBe('approved');
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(CaseStatusAttribute)).toBe('approved');
    expect(described.typedSearchAttributes.get(CaseIdAttribute)).toBe('ts-case');
    // patched() records a marker and upserts TemporalChangeVersion, which the test server knows.
    expect(
      (await eventTypes(handle)).filter((t) => t === 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES'),
    ).toHaveLength(2);
    expect(await eventTypes(handle)).toContain('EVENT_TYPE_MARKER_RECORDED');
  });

  it('has limits: no ListSearchAttributes, no visibility list or count, unregistered attributes refused', async () => {
    const grpcError = (pattern: RegExp) => ({
      cause: expect.objectContaining({ message: expect.stringMatching(pattern) }),
    });
    // Why createTimeSkippingEnv adds the attributes itself instead of calling registerSearchAttributes.
    await expect(
      env.connection.operatorService.listSearchAttributes({ namespace: 'default' }),
    ).rejects.toThrow(/UNIMPLEMENTED/);
    const listing = async () => {
      for await (const _ of env.client.workflow.list({ query: "OnethingCaseStatus='approved'" })) break;
    };
    await expect(listing()).rejects.toMatchObject(grpcError(/UNIMPLEMENTED.*ListWorkflowExecutions/));
    await expect(env.client.workflow.count()).rejects.toMatchObject(
      grpcError(/UNIMPLEMENTED.*CountWorkflowExecutions/),
    );
    const unregistered = defineSearchAttributeKey('OnethingNotRegistered', SearchAttributeType.KEYWORD);
    await expect(
      env.client.workflow.start(upsertStatusWorkflow, {
        args: ['x'],
        taskQueue: testQueue,
        workflowId: 'unregistered',
        typedSearchAttributes: [{ key: unregistered, value: 'x' }],
      }),
    ).rejects.toMatchObject(
      grpcError(/INVALID_ARGUMENT: search attribute OnethingNotRegistered is not defined/),
    );
  });

  it('continues as new', async () => {
    expect(
      await env.client.workflow.execute(continueAsNewWorkflow, {
        args: [3],
        taskQueue: testQueue,
        workflowId: 'continue-as-new',
      }),
    ).toEqual({ continued: true });
  });

  // Last: it stops the environment's clock for good.
  it('stops skipping time while an activity task waits for a worker, even after its workflow ends', async () => {
    const stuck = await env.client.workflow.start(unpolledActivityWorkflow, {
      taskQueue: testQueue,
      workflowId: 'unpolled-activity',
    });
    await waitUntil('the activity to be scheduled', async () =>
      (await eventTypes(stuck)).includes('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED'),
    );
    await stuck.terminate('test done');
    const sleeper = await env.client.workflow.start(sleepWorkflow, {
      args: [DAY],
      taskQueue: testQueue,
      workflowId: 'sleep-after-unpolled-activity',
    });
    const outcome = await Promise.race([
      sleeper.result().then(() => 'slept'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3_000)),
    ]);
    expect(outcome).toBe('still waiting');
    await sleeper.terminate('test done');
  });
});
