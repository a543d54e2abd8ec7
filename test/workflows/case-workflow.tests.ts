import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  answerNoticeUpdate,
  cancelCaseUpdate,
  progressQuery,
  requestMaterialUpdate,
  retryStepUpdate,
  taskStateQuery,
  withdrawCaseUpdate,
  type CaseWorkflowInput,
} from '@onething/workflows';
import { taskWorkflowId, type Actor } from '@onething/case-model';
import { waitUntil } from '../support/wait';
import {
  actor,
  startSketchedCase,
  departmentDown,
  gate,
  LEAD_DEPARTMENT,
  refusalOf,
  type StepSketch,
  type WorkflowBench,
} from './workflow-harness';

/**
 * The case workflow alone, with stub activities (run by workflows.int-spec.ts): scheduling, each Update's
 * refusals, the notice window, compensation order and continue-as-new. The full stack's tests
 * (test/lifecycle.int-spec.ts and others) cover the same behaviour through the API and PostgreSQL.
 */
const { EventType } = temporal.api.enums.v1;
const applicant = actor(['applicant']);
const leadSupervisor = actor(['department_supervisor'], [LEAD_DEPARTMENT]);

async function stepStatus(handle: WorkflowHandle, stepId: string): Promise<string | undefined> {
  return (await handle.query(progressQuery)).find((step) => step.stepId === stepId)?.status;
}

export function caseWorkflowTests(bench: WorkflowBench): void {
  const { stubs } = bench;
  let env: TestWorkflowEnvironment;
  beforeAll(() => {
    env = bench.env();
  });

  const startCase = (caseId: string, steps: StepSketch[], options: Partial<CaseWorkflowInput> = {}) =>
    startSketchedCase(bench, caseId, steps, options);

  describe('scheduling', () => {
    it('starts every ready step at once, a dependent step only after both, and skips a step whose condition is false', async () => {
      const caseId = 'parallel';
      const held = gate();
      stubs.configure(caseId, { hold: { performAutoStep: held.promise } });
      const bothStarted = Promise.all(
        ['credit', 'insurance'].map((stepId) =>
          stubs.waitForCall(caseId, 'performAutoStep', (input) => input.stepId === stepId),
        ),
      );
      const handle = await startCase(caseId, [
        { id: 'credit' },
        { id: 'insurance' },
        { id: 'household', after: ['credit', 'insurance'] },
        { id: 'school', when: 'fields.hasChildren == true', required: false },
      ]);

      await bothStarted;
      expect(await stepStatus(handle, 'credit')).toBe('running');
      expect(await stepStatus(handle, 'insurance')).toBe('running');
      expect(await stepStatus(handle, 'household')).toBe('pending');
      held.release();
      const result = await handle.result();

      expect(result.decision).toBe('approved');
      expect(result.steps.find((step) => step.stepId === 'school')).toEqual({
        stepId: 'school',
        department: 'hrss',
        decision: 'skipped',
        reason: 'Condition not met',
      });
      const autoSteps = stubs.callsOf(caseId, 'performAutoStep').map((input) => input.stepId);
      expect(autoSteps.slice(0, 2).sort()).toEqual(['credit', 'insurance']);
      expect(autoSteps[2]).toBe('household');
      expect(stubs.callsOf(caseId, 'recordStepState')).toEqual([
        expect.objectContaining({ stepId: 'school', status: 'skipped', reason: 'Condition not met' }),
      ]);
      expect(stubs.namesOf(caseId).at(-1)).toBe('completeCase');
    });

    it('blocks the steps after a rejected required step and claws back the approved ones, latest first, each once', async () => {
      const caseId = 'clawback';
      stubs.configure(caseId, {
        autoStep: (stepId) =>
          stepId === 'check' ? { decision: 'rejected', reason: 'Not eligible' } : { decision: 'approved' },
      });
      const handle = await startCase(caseId, [
        { id: 'grant', compensate: true },
        { id: 'register', after: ['grant'], compensate: true },
        { id: 'check', after: ['register'] },
        { id: 'notify', after: ['check'] },
      ]);
      const result = await handle.result();

      expect(result.decision).toBe('rejected');
      expect(result.steps).toEqual([
        { stepId: 'grant', department: 'hrss', decision: 'approved', compensated: true },
        { stepId: 'register', department: 'hrss', decision: 'approved', compensated: true },
        { stepId: 'check', department: 'hrss', decision: 'rejected', reason: 'Not eligible' },
        {
          stepId: 'notify',
          department: 'hrss',
          decision: 'blocked',
          reason: 'Upstream step check was rejected',
        },
      ]);
      expect(stubs.callsOf(caseId, 'performAutoStep').map((input) => input.stepId)).toEqual([
        'grant',
        'register',
        'check',
      ]);
      expect(stubs.callsOf(caseId, 'recordStepState')).toEqual([
        expect.objectContaining({
          stepId: 'notify',
          status: 'blocked',
          reason: 'Upstream step check was rejected',
        }),
      ]);
      expect(stubs.callsOf(caseId, 'compensateStep')).toEqual([
        expect.objectContaining({ stepId: 'register', reason: 'rejected' }),
        expect.objectContaining({ stepId: 'grant', reason: 'rejected' }),
      ]);
    });

    it('waits for a retry when a step fails, and goes on once a supervisor of its department retries it', async () => {
      const caseId = 'retried';
      stubs.configure(caseId, {
        autoStep: (_stepId, attempt) => (attempt === 1 ? departmentDown() : { decision: 'approved' }),
      });
      const handle = await startCase(caseId, [{ id: 'payment', department: 'finance' }]);
      await stubs.waitForCall(caseId, 'recordStepState', (input) => input.status === 'failed');
      expect(await stepStatus(handle, 'payment')).toBe('failed');

      const retry = (by: Actor) =>
        handle.executeUpdate(retryStepUpdate, { args: [{ actor: by, stepId: 'payment' }] });
      expect(await refusalOf(retry(leadSupervisor))).toBe('ROLE_NOT_ALLOWED');
      expect(await retry(actor(['department_supervisor'], ['finance']))).toEqual({ accepted: true });
      const result = await handle.result();

      expect(result).toEqual({
        decision: 'approved',
        steps: [{ stepId: 'payment', department: 'finance', decision: 'approved' }],
      });
      expect(stubs.callsOf(caseId, 'recordStepState')[0]?.reason).toBe(
        'Department system unavailable: connection refused',
      );
      expect(stubs.callsOf(caseId, 'recordCaseAction')).toEqual([
        expect.objectContaining({
          action: 'retry-step',
          stepId: 'payment',
          actorAccountId: 'department_supervisor-1',
        }),
      ]);
    });
  });

  describe('Update refusals', () => {
    it('refuses, before history, the wrong role, a blank or unstorable reason, a step not waiting for a retry and a notice not open', async () => {
      const caseId = 'refusals';
      const handle = await startCase(caseId, [{ id: 'review', kind: 'manual', department: 'housing' }]);
      await stubs.waitForCall(caseId, 'openTask');
      const withdraw = (by: Actor, reason: string) =>
        handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: by, reason }] });
      const cancel = (by: Actor, reason: string) =>
        handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: by, reason }] });

      expect(await refusalOf(withdraw(actor(['department_worker'], ['housing']), 'moving'))).toBe(
        'ROLE_NOT_ALLOWED',
      );
      expect(await refusalOf(withdraw(applicant, '   '))).toBe('REASON_REQUIRED');
      expect(await refusalOf(withdraw(applicant, 'moving\u0000away'))).toBe('TEXT_REFUSED');
      expect(await refusalOf(cancel(actor(['department_supervisor'], ['housing']), 'duplicate'))).toBe(
        'ROLE_NOT_ALLOWED',
      );
      expect(await refusalOf(cancel(leadSupervisor, 'duplicate\u202e'))).toBe('TEXT_REFUSED');
      expect(
        await refusalOf(
          handle.executeUpdate(retryStepUpdate, {
            args: [{ actor: actor(['administrator']), stepId: 'review' }],
          }),
        ),
      ).toBe('STEP_NOT_FAILED');
      const answer = (by: Actor) =>
        handle.executeUpdate(answerNoticeUpdate, { args: [{ actor: by, noticeId: 'n-1', answerId: 'a-1' }] });
      expect(await refusalOf(answer(applicant))).toBe('NOTICE_NOT_OPEN');
      expect(await refusalOf(answer(actor(['department_worker'], ['housing'])))).toBe('ROLE_NOT_ALLOWED');

      // Nothing of the refused Updates reached an activity or the history.
      expect(stubs.callsOf(caseId, 'recordCaseAction')).toEqual([]);
      const history = await handle.fetchHistory();
      expect(
        (history.events ?? []).filter((event) =>
          (EventType[event.eventType ?? 0] ?? '').startsWith('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_'),
        ),
      ).toEqual([]);
      await handle.executeUpdate(cancelCaseUpdate, {
        args: [{ actor: leadSupervisor, reason: 'test over' }],
      });
      expect((await handle.result()).decision).toBe('cancelled');
    });

    it('refuses every action on a closing case, and answers ACTION_NOT_RECORDED when the action cannot be recorded', async () => {
      const caseId = 'closing';
      const closing = gate();
      stubs.configure(caseId, { hold: { closeOpenSteps: closing.promise }, refuse: ['recordCaseAction'] });
      const handle = await startCase(caseId, [{ id: 'review', kind: 'manual', department: 'housing' }]);
      await stubs.waitForCall(caseId, 'openTask');

      const notRecorded = handle.executeUpdate(withdrawCaseUpdate, {
        args: [{ actor: applicant, reason: 'moving' }],
      });
      expect(await refusalOf(notRecorded)).toBe('ACTION_NOT_RECORDED');
      expect(await stepStatus(handle, 'review')).toBe('running');

      stubs.configure(caseId, { hold: { closeOpenSteps: closing.promise } });
      await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: applicant, reason: 'moving' }] });
      await stubs.waitForCall(caseId, 'closeOpenSteps');
      expect(
        await refusalOf(
          handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: applicant, reason: 'again' }] }),
        ),
      ).toBe('CASE_CLOSED');
      expect(
        await refusalOf(
          handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: leadSupervisor, reason: 'x' }] }),
        ),
      ).toBe('CASE_CLOSED');
      closing.release();

      expect(await handle.result()).toEqual({
        decision: 'withdrawn',
        steps: [{ stepId: 'review', department: 'housing', decision: 'cancelled' }],
      });
      expect(stubs.callsOf(caseId, 'closeOpenSteps')).toEqual([
        { caseId, reason: 'Withdrawn by the applicant: moving' },
      ]);
    });
  });

  describe('the notice window', () => {
    it('gathers the requests made within the window into one notice; a request after it starts the next', async () => {
      const caseId = 'notices';
      const window = 10 * 60_000;
      const handle = await startCase(
        caseId,
        [
          { id: 'housingReview', kind: 'manual', department: 'housing' },
          { id: 'schoolReview', kind: 'manual', department: 'education' },
        ],
        { materialGatheringWindowMs: window },
      );
      const task = (stepId: string) => env.client.workflow.getHandle(taskWorkflowId(caseId, stepId));
      const ask = async (stepId: string, department: string) => {
        await stubs.waitForCall(caseId, 'openTask', (input) => input.stepId === stepId);
        await waitUntil(
          'the task to open',
          async () => (await task(stepId).query(taskStateQuery)).status === 'open',
        );
        await task(stepId).executeUpdate(requestMaterialUpdate, {
          args: [
            { actor: actor(['department_worker'], [department]), fields: ['name'], message: 'Unreadable' },
          ],
        });
      };
      // The case hears of a request by a signal from the task; its window opens with a timer.
      const timersStarted = async () =>
        ((await handle.fetchHistory()).events ?? []).filter(
          (event) => event.eventType === EventType.EVENT_TYPE_TIMER_STARTED,
        ).length;

      await ask('housingReview', 'housing');
      await waitUntil('the window to open', async () => (await timersStarted()) === 1);
      await ask('schoolReview', 'education');
      await env.sleep(window);
      const first = await stubs.waitForCall(caseId, 'sendMaterialNotice');
      expect(first.stepIds).toEqual(['housingReview', 'schoolReview']);

      const answered = await handle.executeUpdate(answerNoticeUpdate, {
        args: [{ actor: applicant, noticeId: first.noticeId, answerId: 'answer-1' }],
      });
      expect(answered).toEqual({ steps: ['housingReview', 'schoolReview'] });
      await waitUntil(
        'the task to reopen',
        async () => (await task('schoolReview').query(taskStateQuery)).status === 'open',
      );

      await ask('housingReview', 'housing');
      await waitUntil('the next window to open', async () => (await timersStarted()) === 2);
      await env.sleep(window);
      const second = await stubs.waitForCall(
        caseId,
        'sendMaterialNotice',
        (input) => input.noticeId !== first.noticeId,
      );
      expect(second.stepIds).toEqual(['housingReview']);
      expect(stubs.callsOf(caseId, 'sendMaterialNotice')).toHaveLength(2);

      await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: applicant, reason: 'test over' }] });
      expect((await handle.result()).decision).toBe('withdrawn');
    });
  });

  describe('continue-as-new', () => {
    it('carries the settled steps, the failed step and the steps to undo over to the new run', async () => {
      const caseId = 'continued';
      stubs.configure(caseId, {
        autoStep: (stepId) => (stepId === 'payment' ? departmentDown() : { decision: 'approved' }),
      });
      const handle = await startCase(
        caseId,
        [
          { id: 'grant', compensate: true },
          { id: 'payment', after: ['grant'] },
          { id: 'archive', after: ['payment'] },
        ],
        { continueAsNewAfterEvents: 10 },
      );
      const firstRunId = handle.firstExecutionRunId;
      await stubs.waitForCall(caseId, 'recordStepState', (input) => input.status === 'failed');
      const latest = env.client.workflow.getHandle(handle.workflowId);
      // The run that started with the failed step carried over: it has called no activity yet.
      await waitUntil('the run waiting for a retry', async () => {
        const { runId } = await latest.describe();
        if (runId === firstRunId) return false;
        const events =
          (await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory()).events ?? [];
        return !events.some((event) => event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
      });
      const firstRun = env.client.workflow.getHandle(handle.workflowId, firstRunId);
      const firstEvents = (await firstRun.fetchHistory()).events ?? [];
      expect(firstEvents.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);

      expect(await latest.query(progressQuery)).toEqual([
        expect.objectContaining({ stepId: 'grant', status: 'approved' }),
        expect.objectContaining({ stepId: 'payment', status: 'failed' }),
        expect.objectContaining({ stepId: 'archive', status: 'pending' }),
      ]);
      // The failed step waits for a retry in the new run; withdrawing there undoes the step approved before.
      expect(
        await refusalOf(
          latest.executeUpdate(retryStepUpdate, {
            args: [{ actor: actor(['administrator']), stepId: 'archive' }],
          }),
        ),
      ).toBe('STEP_NOT_FAILED');
      await latest.executeUpdate(withdrawCaseUpdate, { args: [{ actor: applicant, reason: 'moving' }] });
      const result = await latest.result();

      expect(result.decision).toBe('withdrawn');
      expect(result.steps).toEqual([
        { stepId: 'grant', department: 'hrss', decision: 'approved', compensated: true },
        expect.objectContaining({ stepId: 'payment', decision: 'failed' }),
        { stepId: 'archive', department: 'hrss', decision: 'cancelled' },
      ]);
      expect(stubs.callsOf(caseId, 'compensateStep')).toEqual([
        expect.objectContaining({ stepId: 'grant', reason: 'withdrawn' }),
      ]);
      expect(stubs.callsOf(caseId, 'performAutoStep').map((input) => input.stepId)).toEqual([
        'grant',
        'payment',
      ]);
    });
  });
}
