import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  decideTaskUpdate,
  manualTaskWorkflow,
  materialProvidedSignal,
  reassignTaskUpdate,
  requestMaterialUpdate,
  taskStateQuery,
  type ManualTaskInput,
  type TaskDecisionInput,
} from '@onething/workflows';
import { taskWorkflowId } from '@onething/case-model';
import { waitUntil } from '../support/wait';
import { actor, gate, LEAD_DEPARTMENT, refusalOf, type WorkflowBench } from './workflow-harness';

/**
 * The task workflow alone, with stub activities (run by workflows.int-spec.ts): its Updates' refusals,
 * a decision that cannot be recorded, and the SLA clock (paused while the applicant owes material,
 * breached, escalated). test/sla.int-spec.ts covers the clock over a real calendar through the API.
 */
const DAY = 24 * 60 * 60 * 1000;
const housingWorker = actor(['department_worker'], ['housing'], 'housing-worker');

function taskInput(caseId: string, overrides: Partial<ManualTaskInput> = {}): ManualTaskInput {
  return {
    caseId,
    definitionKey: 'tasks',
    definitionVersion: 1,
    stepId: 'review',
    department: 'housing',
    sla: { workingDays: 1 },
    contract: ['name', 'income'],
    leadDepartment: LEAD_DEPARTMENT,
    ...overrides,
  };
}

export function taskWorkflowTests(bench: WorkflowBench): void {
  const { stubs, taskQueue } = bench;
  let env: TestWorkflowEnvironment;
  beforeAll(() => {
    env = bench.env();
  });

  async function startTask(input: ManualTaskInput) {
    const handle = await env.client.workflow.start(manualTaskWorkflow, {
      args: [input],
      taskQueue,
      workflowId: taskWorkflowId(input.caseId, input.stepId),
    });
    const state = () => handle.query(taskStateQuery);
    return { handle, state };
  }

  it('refuses, before history, a task not open, another department, a rejection without reason, unstorable text, fields outside the contract, a blank message and a reassignment without right or target', async () => {
    const caseId = 'task-refusals';
    const opening = gate();
    stubs.configure(caseId, { hold: { openTask: opening.promise } });
    const { handle, state } = await startTask(taskInput(caseId));
    const decide = (input: TaskDecisionInput) => handle.executeUpdate(decideTaskUpdate, { args: [input] });
    const ask = (fields: string[], message = 'Unreadable') =>
      handle.executeUpdate(requestMaterialUpdate, { args: [{ actor: housingWorker, fields, message }] });
    const reassign = (
      by = actor(['department_supervisor'], ['housing']),
      to: { toDepartment?: string } = {},
    ) => handle.executeUpdate(reassignTaskUpdate, { args: [{ actor: by, reason: 'workload', ...to }] });

    await stubs.waitForCall(caseId, 'openTask');
    expect(await refusalOf(decide({ actor: housingWorker, decision: 'approved' }))).toBe('TASK_OPENING');
    opening.release();
    await waitUntil('the task to open', async () => (await state()).status === 'open');

    expect(
      await refusalOf(decide({ actor: actor(['department_worker'], ['education']), decision: 'approved' })),
    ).toBe('WRONG_DEPARTMENT');
    expect(await refusalOf(decide({ actor: housingWorker, decision: 'rejected', reason: ' ' }))).toBe(
      'REASON_REQUIRED',
    );
    expect(await refusalOf(decide({ actor: housingWorker, decision: 'rejected', reason: 'no\u0000' }))).toBe(
      'TEXT_REFUSED',
    );
    expect(await refusalOf(ask(['name', 'residentId']))).toBe('FIELD_OUTSIDE_CONTRACT');
    expect(await refusalOf(ask([]))).toBe('FIELD_OUTSIDE_CONTRACT');
    expect(await refusalOf(ask(['income'], '  '))).toBe('MESSAGE_REQUIRED');
    expect(await refusalOf(reassign(housingWorker, { toDepartment: 'hrss' }))).toBe('ROLE_NOT_ALLOWED');
    expect(await refusalOf(reassign())).toBe('TARGET_REQUIRED');
    // The refused Updates called no activity.
    expect(stubs.namesOf(caseId).filter((name) => name !== 'openTask' && name !== 'recordSla')).toEqual([]);

    // While the applicant owes material the task is not open for a decision, nor for another request.
    expect(await ask(['income'])).toMatchObject({ status: 'awaiting_material' });
    expect(await refusalOf(decide({ actor: housingWorker, decision: 'approved' }))).toBe('TASK_NOT_OPEN');
    expect(await refusalOf(ask(['name']))).toBe('TASK_NOT_OPEN');
    await handle.signal(materialProvidedSignal, { noticeId: 'notice-1' });
    await waitUntil('the task to reopen', async () => (await state()).status === 'open');
    expect(await decide({ actor: housingWorker, decision: 'approved' })).toMatchObject({ status: 'decided' });
    expect(await handle.result()).toEqual({ decision: 'approved', decidedBy: 'housing-worker' });
    expect(stubs.callsOf(caseId, 'recordStepDecision')).toEqual([
      expect.objectContaining({ stepId: 'review', decision: 'approved', decidedBy: 'housing-worker' }),
    ]);
  });

  it('answers ACTION_NOT_RECORDED when the decision cannot be recorded, and the task stays open for the next one', async () => {
    const caseId = 'task-not-recorded';
    stubs.configure(caseId, { refuse: ['recordStepDecision'] });
    const { handle, state } = await startTask(taskInput(caseId));
    await waitUntil('the task to open', async () => (await state()).status === 'open');
    const decide = () =>
      handle.executeUpdate(decideTaskUpdate, { args: [{ actor: housingWorker, decision: 'approved' }] });

    expect(await refusalOf(decide())).toBe('ACTION_NOT_RECORDED');
    expect(await state()).toMatchObject({ status: 'open' });
    expect((await state()).decision).toBeUndefined();

    stubs.configure(caseId, {});
    await decide();
    expect(await handle.result()).toEqual({ decision: 'approved', decidedBy: 'housing-worker' });
  });

  it('pauses the SLA clock while the applicant owes material, then breaches it and escalates the task', async () => {
    const caseId = 'task-sla';
    const { handle, state } = await startTask(
      taskInput(caseId, { escalation: { to: 'lead-department', afterWorkingDays: 0 } }),
    );
    await waitUntil('the clock to start', async () => (await state()).sla);
    expect(stubs.callsOf(caseId, 'recordSla')).toEqual([expect.objectContaining({ paused: false })]);

    await handle.executeUpdate(requestMaterialUpdate, {
      args: [{ actor: housingWorker, fields: ['income'], message: 'Unreadable' }],
    });
    await stubs.waitForCall(caseId, 'recordSla', (input) => input.paused);
    await handle.signal(materialProvidedSignal, { noticeId: 'notice-1' });
    await waitUntil('the clock to resume', () =>
      Promise.resolve(stubs.callsOf(caseId, 'recordSla').length === 3),
    );
    expect(stubs.callsOf(caseId, 'recordSla').map((input) => input.paused)).toEqual([false, true, false]);

    // Past the due date: the breach is recorded and, with no working day of grace, the task escalates.
    await env.sleep(7 * DAY);
    await stubs.waitForCall(caseId, 'escalateTask');
    await waitUntil('the escalation', async () => (await state()).priority === 'urgent');
    expect(await state()).toMatchObject({
      status: 'open',
      department: LEAD_DEPARTMENT,
      sla: { breached: true, escalated: true },
    });
    expect(stubs.namesOf(caseId).filter((name) => name === 'recordSlaBreach')).toHaveLength(1);
    expect(stubs.callsOf(caseId, 'escalateTask')).toEqual([
      expect.objectContaining({
        department: 'housing',
        to: 'lead-department',
        leadDepartment: LEAD_DEPARTMENT,
      }),
    ]);

    // The task is never dropped: the department it moved to decides.
    expect(
      await refusalOf(
        handle.executeUpdate(decideTaskUpdate, { args: [{ actor: housingWorker, decision: 'approved' }] }),
      ),
    ).toBe('WRONG_DEPARTMENT');
    await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: actor(['department_worker'], [LEAD_DEPARTMENT], 'lead-worker'), decision: 'approved' }],
    });
    expect(await handle.result()).toEqual({ decision: 'approved', decidedBy: 'lead-worker' });
  });
}
