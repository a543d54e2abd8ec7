import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { OnRequiredRejection } from '@onething/definition';
import {
  cancelCaseUpdate,
  caseWorkflow,
  decideTaskUpdate,
  progressQuery,
  taskStateQuery,
  withdrawCaseUpdate,
} from '@onething/workflows';
import { taskWorkflowId } from '@onething/case-model';
import { waitUntil } from '../support/wait';
import {
  actor,
  caseInput,
  departmentDown,
  LEAD_DEPARTMENT,
  sketchDefinition,
  type StepSketch,
  type WorkflowBench,
} from './workflow-harness';

/**
 * The flow semantics of the case workflow (since the flow-semantics patch), with stub activities: what a
 * skipped, rejected or blocked step does to the steps after it, `not_applicable`, what a deciding
 * rejection does to the open tasks (`onRequiredRejection`), and compensation scoped by `compensate.when`.
 */
const { WorkflowExecutionStatus } = temporal.api.enums.v1;
const applicant = actor(['applicant']);
const leadSupervisor = actor(['department_supervisor'], [LEAD_DEPARTMENT]);
const reject = (reason: string) => ({ decision: 'rejected' as const, reason });

export function flowWorkflowTests(bench: WorkflowBench): void {
  const { stubs, taskQueue } = bench;
  let env: TestWorkflowEnvironment;
  beforeAll(() => {
    env = bench.env();
  });

  function startCase(
    caseId: string,
    steps: StepSketch[],
    options: { onRequiredRejection?: OnRequiredRejection; hasChildren?: boolean } = {},
  ) {
    const definition = sketchDefinition(`key-${caseId}`, steps, options);
    return env.client.workflow.start(caseWorkflow, {
      args: [
        caseInput(caseId, definition, { conditionFields: { hasChildren: options.hasChildren ?? false } }),
      ],
      taskQueue,
      workflowId: `case-${caseId}`,
    });
  }

  /** Resolves once every listed step shows the status in the live progress. */
  async function stepsReach(handle: WorkflowHandle, stepIds: string[], status: string): Promise<void> {
    await waitUntil(`${stepIds.join(', ')} ${status}`, async () => {
      const progress = await handle.query(progressQuery);
      return stepIds.every((id) => progress.find((step) => step.stepId === id)?.status === status);
    });
  }

  describe('skipped upstream', () => {
    it('skips the dependents of a skipped step with the reason, runs none of them, and ends not_applicable', async () => {
      const caseId = 'flow-ineligible';
      const handle = await startCase(caseId, [
        { id: 'eligibility', when: 'fields.hasChildren == true' },
        { id: 'benefit', kind: 'manual', department: 'civil-affairs', after: ['eligibility'] },
        { id: 'registration', after: ['benefit'] },
      ]);
      const result = await handle.result();

      expect(result).toEqual({
        decision: 'not_applicable',
        steps: [
          { stepId: 'eligibility', department: 'hrss', decision: 'skipped', reason: 'Condition not met' },
          {
            stepId: 'benefit',
            department: 'civil-affairs',
            decision: 'skipped',
            reason: 'Upstream step eligibility was skipped',
          },
          {
            stepId: 'registration',
            department: 'hrss',
            decision: 'skipped',
            reason: 'Upstream step benefit was skipped',
          },
        ],
      });
      // No department was asked: no call, no task.
      expect(stubs.callsOf(caseId, 'performAutoStep')).toEqual([]);
      expect(stubs.callsOf(caseId, 'openTask')).toEqual([]);
      expect(stubs.callsOf(caseId, 'completeCase')).toEqual([
        { caseId, result: expect.objectContaining({ decision: 'not_applicable' }) },
      ]);
    });

    it('runs a dependent that declares it runs anyway after a skipped step, and the case is decided by what ran', async () => {
      const caseId = 'flow-runs-anyway';
      const handle = await startCase(caseId, [
        { id: 'school', when: 'fields.hasChildren == true', required: false },
        { id: 'schoolLetter', after: ['school'], required: false },
        { id: 'notify', after: ['school'], runsWhenUpstream: ['skipped'] },
      ]);
      const result = await handle.result();

      expect(result.decision).toBe('approved');
      expect(result.steps.map(({ stepId, decision }) => [stepId, decision])).toEqual([
        ['school', 'skipped'],
        ['schoolLetter', 'skipped'],
        ['notify', 'approved'],
      ]);
      expect(stubs.callsOf(caseId, 'performAutoStep').map((input) => input.stepId)).toEqual(['notify']);
    });
  });

  describe('a required rejection', () => {
    /** check (a task, rejected once the review task is open and payment has failed), review, payment. */
    const steps: StepSketch[] = [
      { id: 'check', kind: 'manual', department: 'credit' },
      { id: 'review', kind: 'manual', department: 'housing' },
      { id: 'payment', department: 'finance' },
      { id: 'archive', after: ['review'] },
    ];
    async function decideTask(
      caseId: string,
      stepId: string,
      department: string,
      decision: 'approved' | 'rejected',
    ) {
      const task = env.client.workflow.getHandle(taskWorkflowId(caseId, stepId));
      await waitUntil(
        `task ${stepId} open`,
        async () => (await task.query(taskStateQuery)).status === 'open',
      );
      await task.executeUpdate(decideTaskUpdate, {
        args: [{ actor: actor(['department_worker'], [department]), decision, reason: 'Credit record' }],
      });
    }
    async function startRejected(caseId: string, onRequiredRejection: OnRequiredRejection) {
      stubs.configure(caseId, {
        autoStep: (stepId) => (stepId === 'payment' ? departmentDown() : { decision: 'approved' }),
      });
      const handle = await startCase(caseId, steps, { onRequiredRejection });
      await stubs.waitForCall(caseId, 'openTask', (input) => input.stepId === 'review');
      await stubs.waitForCall(caseId, 'recordStepState', (input) => input.status === 'failed');
      await decideTask(caseId, 'check', 'credit', 'rejected');
      return handle;
    }

    it('with cancel-open cancels the open task and the failed step that can no longer change the outcome, with the reason', async () => {
      const caseId = 'flow-cancel-open';
      const handle = await startRejected(caseId, 'cancel-open');
      const result = await handle.result();

      const reason = 'Cancelled: the case was rejected by step check';
      expect(result).toEqual({
        decision: 'rejected',
        steps: [
          { stepId: 'check', department: 'credit', decision: 'rejected', reason: 'Credit record' },
          { stepId: 'review', department: 'housing', decision: 'cancelled', reason },
          { stepId: 'payment', department: 'finance', decision: 'cancelled', reason },
          {
            stepId: 'archive',
            department: 'hrss',
            decision: 'blocked',
            // It waited on the review: the rejection decided the case first.
            reason: 'The case was already rejected by step check',
          },
        ],
      });
      expect(stubs.callsOf(caseId, 'cancelSteps')).toEqual([
        expect.objectContaining({ stepIds: ['review', 'payment'], reason }),
      ]);
      const task = env.client.workflow.getHandle(taskWorkflowId(caseId, 'review'));
      expect((await task.describe()).status.code).toBe(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
      );
    });

    it('with let-finish leaves the open task to its department, and the case waits for it', async () => {
      const caseId = 'flow-let-finish';
      const handle = await startRejected(caseId, 'let-finish');
      await stepsReach(handle, ['check'], 'rejected');
      expect(await handle.query(progressQuery)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ stepId: 'review', status: 'running' }),
          expect.objectContaining({ stepId: 'payment', status: 'failed' }),
        ]),
      );
      await decideTask(caseId, 'review', 'housing', 'approved');
      await stepsReach(handle, ['archive'], 'approved');
      expect(stubs.callsOf(caseId, 'cancelSteps')).toEqual([]);
      // The failed payment still waits for a retry (or a cancellation): let-finish cancels nothing.
      await handle.executeUpdate(cancelCaseUpdate, {
        args: [{ actor: leadSupervisor, reason: 'test over' }],
      });
      expect((await handle.result()).decision).toBe('cancelled');
    });
  });

  describe('compensate.when', () => {
    /** Four approved steps, one for each situation, and a manual step that keeps the case open. */
    const scoped: StepSketch[] = [
      { id: 'onWithdrawal', compensate: ['withdrawn'] },
      { id: 'onCancellation', compensate: ['cancelled'] },
      { id: 'onRejection', compensate: ['case-rejected'] },
      { id: 'onDependency', compensate: ['dependency-rejected'] },
      { id: 'legacy', compensate: true },
      { id: 'review', kind: 'manual', department: 'housing' },
    ];
    const approved = ['onWithdrawal', 'onCancellation', 'onRejection', 'onDependency', 'legacy'];

    it('withdrawn: undoes only the steps whose when lists withdrawn (and those without when)', async () => {
      const caseId = 'flow-when-withdrawn';
      const handle = await startCase(caseId, scoped);
      await stepsReach(handle, approved, 'approved');
      await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: applicant, reason: 'moving' }] });
      await handle.result();
      // Both approved in parallel: which one was approved last is up to the stubs.
      expect(
        stubs
          .callsOf(caseId, 'compensateStep')
          .map((input) => [input.stepId, input.because])
          .sort(),
      ).toEqual([
        ['legacy', 'withdrawn'],
        ['onWithdrawal', 'withdrawn'],
      ]);
    });

    it('cancelled: undoes only the steps whose when lists cancelled (and those without when)', async () => {
      const caseId = 'flow-when-cancelled';
      const handle = await startCase(caseId, scoped);
      await stepsReach(handle, approved, 'approved');
      await handle.executeUpdate(cancelCaseUpdate, {
        args: [{ actor: leadSupervisor, reason: 'duplicate' }],
      });
      await handle.result();
      // Both approved in parallel: which one was approved last is up to the stubs.
      expect(
        stubs
          .callsOf(caseId, 'compensateStep')
          .map((input) => [input.stepId, input.because])
          .sort(),
      ).toEqual([
        ['legacy', 'cancelled'],
        ['onCancellation', 'cancelled'],
      ]);
    });

    it('case-rejected and dependency-rejected: a required rejection undoes case-rejected steps and the related dependency-rejected ones, in reverse order of approval', async () => {
      const caseId = 'flow-when-rejected';
      stubs.configure(caseId, {
        autoStep: (stepId) => (stepId === 'check' ? reject('Not eligible') : { decision: 'approved' }),
      });
      // `second` is defined first but approved after `first`: the undo follows approval, not the file.
      const handle = await startCase(caseId, [
        { id: 'second', after: ['first'], compensate: ['case-rejected'] },
        { id: 'first', compensate: ['case-rejected'] },
        { id: 'certificate', after: ['second'], compensate: ['dependency-rejected'] },
        { id: 'licence', compensate: ['dependency-rejected'] },
        { id: 'onlyWithdrawal', compensate: ['withdrawn'] },
        { id: 'check', after: ['certificate'] },
      ]);
      const result = await handle.result();

      expect(result.decision).toBe('rejected');
      expect(stubs.callsOf(caseId, 'compensateStep').map((input) => [input.stepId, input.because])).toEqual([
        ['certificate', 'dependency-rejected'],
        ['second', 'case-rejected'],
        ['first', 'case-rejected'],
      ]);
      // The department hears "rejected" either way; the case's event keeps which situation applied.
      expect(stubs.callsOf(caseId, 'compensateStep').every((input) => input.reason === 'rejected')).toBe(
        true,
      );
      expect(result.steps.filter((step) => step.compensated).map((step) => step.stepId)).toEqual([
        'second',
        'first',
        'certificate',
      ]);
    });

    it('dependency-rejected: an optional step rejection undoes only what it rests on, and the case stays partial', async () => {
      const caseId = 'flow-when-dependency';
      stubs.configure(caseId, {
        autoStep: (stepId) => (stepId === 'housing' ? reject('No quota') : { decision: 'approved' }),
      });
      const handle = await startCase(caseId, [
        { id: 'subsidy', compensate: ['dependency-rejected'] },
        { id: 'certificate', compensate: ['case-rejected', 'dependency-rejected'] },
        { id: 'housing', after: ['subsidy'], required: false },
      ]);
      const result = await handle.result();

      expect(result.decision).toBe('partial');
      expect(stubs.callsOf(caseId, 'compensateStep').map((input) => [input.stepId, input.because])).toEqual([
        ['subsidy', 'dependency-rejected'],
      ]);
    });
  });
}
