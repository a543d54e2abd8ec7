import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { manualTaskWorkflow, withdrawCaseUpdate, type CaseWorkflowInput } from '@onething/workflows';
import { CASE_WORKFLOW_GENERATION, taskWorkflowId } from '@onething/case-model';
import { waitUntil } from '../support/wait';
import {
  actor,
  startSketchedCase,
  departmentBriefly,
  departmentRefuses,
  type StepSketch,
  type WorkflowBench,
} from './workflow-harness';

/**
 * Generation 2 of the case workflow (run by workflows.int-spec.ts): an auto step's department call gets
 * one local attempt, continuing as a normal activity only when that attempt fails in a way another may
 * heal; the read model's writes are local activities. What the step decides is the same as before; what
 * changes is where the calls run and what history holds.
 */
const { EventType } = temporal.api.enums.v1;
type EventName = keyof typeof EventType;

async function eventCounts(handle: WorkflowHandle): Promise<Partial<Record<EventName, number>>> {
  const counts: Partial<Record<EventName, number>> = {};
  for (const event of (await handle.fetchHistory()).events ?? []) {
    const name = EventType[event.eventType ?? 0] as EventName;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/**
 * Ends a case the way a person would. (Terminating a case whose local activities failed or ran in a
 * child leaves the time-skipping test server's clock held, which stalls the suites after this one.)
 */
async function withdraw(handle: WorkflowHandle): Promise<void> {
  await handle.executeUpdate(withdrawCaseUpdate, {
    args: [{ actor: actor(['applicant']), reason: 'test over' }],
  });
  expect((await handle.result()).decision).toBe('withdrawn');
}

const retrying = { maximumAttempts: 3, initialIntervalSeconds: 5, backoffCoefficient: 2 };

export function localActivityTests(bench: WorkflowBench): void {
  const { stubs } = bench;
  let env: TestWorkflowEnvironment;
  beforeAll(() => {
    env = bench.env();
  });

  const startCase = (caseId: string, steps: StepSketch[], options: Partial<CaseWorkflowInput> = {}) =>
    startSketchedCase(bench, caseId, steps, { generation: CASE_WORKFLOW_GENERATION, ...options });

  it('is the generation new cases start in', () => {
    expect(CASE_WORKFLOW_GENERATION).toBe(2);
  });

  it('runs answered auto steps and the closing write without one activity task', async () => {
    const caseId = 'local-answered';
    const handle = await startCase(caseId, [{ id: 'credit' }, { id: 'insurance' }]);
    const result = await handle.result();

    expect(result.decision).toBe('approved');
    expect(stubs.callsOf(caseId, 'performAutoStep')).toEqual([
      expect.not.objectContaining({ priorAttempts: expect.anything() as unknown }),
      expect.not.objectContaining({ priorAttempts: expect.anything() as unknown }),
    ]);
    expect(stubs.namesOf(caseId)).toEqual(['performAutoStep', 'performAutoStep', 'completeCase']);
    const counts = await eventCounts(handle);
    expect(counts.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).toBeUndefined();
    // One marker per local activity: two steps and the result.
    expect(counts.EVENT_TYPE_MARKER_RECORDED).toBe(3);
  });

  it('continues a step whose local attempt failed as a normal activity, from attempt 2 after the first interval', async () => {
    const caseId = 'local-then-remote';
    stubs.configure(caseId, {
      autoStep: (_stepId, attempt) => (attempt === 1 ? departmentBriefly() : { decision: 'approved' }),
    });
    const handle = await startCase(caseId, [{ id: 'credit', retry: retrying }]);
    const result = await handle.result();

    expect(result.decision).toBe('approved');
    expect(stubs.callsOf(caseId, 'performAutoStep')).toEqual([
      expect.not.objectContaining({ priorAttempts: expect.anything() as unknown }),
      expect.objectContaining({ stepId: 'credit', priorAttempts: 1 }),
    ]);
    const counts = await eventCounts(handle);
    expect(counts.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).toBe(1);
    // The first interval of the step's budget, waited on a timer before the second attempt.
    expect(counts.EVENT_TYPE_TIMER_STARTED).toBe(1);
  });

  it('ends a step at once when its local attempt fails in a way no attempt heals', async () => {
    const caseId = 'local-refused';
    stubs.configure(caseId, { autoStep: () => departmentRefuses() });
    const handle = await startCase(caseId, [{ id: 'credit', retry: retrying }]);
    await stubs.waitForCall(caseId, 'recordStepState', (input) => input.status === 'failed');

    expect(stubs.callsOf(caseId, 'performAutoStep')).toHaveLength(1);
    expect(stubs.callsOf(caseId, 'recordStepState')[0]?.reason).toBe(
      'Department system refused the request: 400 Bad Request',
    );
    await withdraw(handle);
  });

  it('asks a department once when the step allows one attempt', async () => {
    const caseId = 'local-one-attempt';
    stubs.configure(caseId, { autoStep: () => departmentBriefly() });
    const handle = await startCase(caseId, [{ id: 'credit' }]);
    await stubs.waitForCall(caseId, 'recordStepState', (input) => input.status === 'failed');

    expect(stubs.callsOf(caseId, 'performAutoStep')).toHaveLength(1);
    expect((await eventCounts(handle)).EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).toBeUndefined();
    await withdraw(handle);
  });

  it("opens a generation-2 case's task through local activities too", async () => {
    const caseId = 'local-task';
    const handle = await startCase(caseId, [{ id: 'review', kind: 'manual', department: 'housing' }]);
    await stubs.waitForCall(caseId, 'openTask');
    const task = env.client.workflow.getHandle(taskWorkflowId(caseId, 'review'));

    expect((await task.describe()).type).toBe(manualTaskWorkflow.name);
    // The marker enters history when the workflow task that ran the local activity completes.
    const counts = await waitUntil('the task opened', async () => {
      const now = await eventCounts(task);
      return (now.EVENT_TYPE_MARKER_RECORDED ?? 0) >= 1 ? now : undefined;
    });
    expect(counts.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).toBeUndefined();
    await withdraw(handle);
  });
}
