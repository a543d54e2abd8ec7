import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { decideTaskUpdate, taskStateQuery, type CaseWorkflowInput } from '@onething/workflows';
import { taskWorkflowId } from '@onething/case-model';
import { waitUntil } from '../support/wait';
import { actor, startSketchedCase, type StepSketch, type WorkflowBench } from './workflow-harness';

/**
 * Step outputs in the case and task workflows, with stub activities (run by workflows.int-spec.ts): a
 * decision's outputs are recorded with it, kept for the later steps (an `ifMissing: block-step` reader is
 * blocked without them), carried over continue-as-new, and the applicant-visible ones join the result.
 * Which later step receives which output is the activities' projection (test/data-runs.int-spec.ts).
 */
export function outputTests(bench: WorkflowBench): void {
  const { stubs } = bench;
  let env: TestWorkflowEnvironment;
  beforeAll(() => {
    env = bench.env();
  });

  const startCase = (caseId: string, steps: StepSketch[], options: Partial<CaseWorkflowInput> = {}) =>
    startSketchedCase(bench, caseId, steps, options);

  it("records a manual decision's outputs and lists the applicant-visible ones of every step in the result", async () => {
    const caseId = 'outputs-flow';
    stubs.configure(caseId, {
      autoStep: (stepId) =>
        stepId === 'settle'
          ? { decision: 'approved', outputs: { recordNo: 'HR-1', internalNo: 'X-9' } }
          : { decision: 'approved' },
    });
    const handle = await startCase(caseId, [
      { id: 'certify', kind: 'manual', department: 'talent-office', outputs: ['certificateNo'] },
      {
        id: 'settle',
        after: ['certify'],
        contract: ['name', 'steps.certify.outputs.certificateNo'],
        outputs: ['recordNo', 'internalNo'],
        hiddenOutputs: ['internalNo'],
      },
    ]);
    const task = env.client.workflow.getHandle(taskWorkflowId(caseId, 'certify'));
    await waitUntil('the task to open', async () => {
      try {
        return (await task.query(taskStateQuery)).status === 'open';
      } catch {
        return false;
      }
    });
    await task.executeUpdate(decideTaskUpdate, {
      args: [
        {
          actor: actor(['department_worker'], ['talent-office']),
          decision: 'approved',
          outputs: { certificateNo: 'RC-1' },
        },
      ],
    });
    const result = await handle.result();

    expect(stubs.callsOf(caseId, 'recordStepDecision')).toEqual([
      expect.objectContaining({
        stepId: 'certify',
        decision: 'approved',
        outputs: { certificateNo: 'RC-1' },
      }),
    ]);
    // The consumer runs after its producer settled, so its department system can be sent the output.
    const order = stubs.namesOf(caseId);
    expect(order.indexOf('recordStepDecision')).toBeLessThan(order.indexOf('performAutoStep'));
    expect(result.outputs?.map((output) => [output.stepId, output.outputId, output.value])).toEqual([
      ['certify', 'certificateNo', 'RC-1'],
      ['settle', 'recordNo', 'HR-1'],
    ]);
  });

  it('blocks a step whose block-step output its producer did not give, and runs one whose producer gave it', async () => {
    const caseId = 'outputs-block';
    stubs.configure(caseId, {
      autoStep: (stepId) =>
        stepId === 'issue' ? { decision: 'approved', outputs: { licence: 'L-7' } } : { decision: 'approved' },
    });
    const optional: Omit<StepSketch, 'id'> = { outputs: ['licence', 'permit'], required: false };
    const handle = await startCase(caseId, [
      { id: 'issue', ...optional },
      {
        id: 'useLicence',
        after: ['issue'],
        contract: [{ field: 'steps.issue.outputs.licence', ifMissing: 'block-step' }],
      },
      {
        id: 'usePermit',
        after: ['issue'],
        required: false,
        contract: [{ field: 'steps.issue.outputs.permit', ifMissing: 'block-step' }],
      },
    ]);
    const result = await handle.result();

    expect(result.steps.map((step) => [step.stepId, step.decision])).toEqual([
      ['issue', 'approved'],
      ['useLicence', 'approved'],
      ['usePermit', 'blocked'],
    ]);
    expect(stubs.callsOf(caseId, 'performAutoStep').map((call) => call.stepId)).toEqual([
      'issue',
      'useLicence',
    ]);
  });

  it('carries the outputs over continue-as-new, so a step of the next run still sees them', async () => {
    const caseId = 'outputs-continue';
    stubs.configure(caseId, {
      autoStep: (stepId) =>
        stepId === 'first' ? { decision: 'approved', outputs: { ticket: 'T-1' } } : { decision: 'approved' },
    });
    const handle = await startCase(
      caseId,
      [
        { id: 'first', outputs: ['ticket'] },
        {
          id: 'second',
          after: ['first'],
          contract: [{ field: 'steps.first.outputs.ticket', ifMissing: 'block-step' }],
        },
      ],
      { continueAsNewAfterEvents: 1 },
    );
    const result = await handle.result();

    expect(result.decision).toBe('approved');
    expect(result.outputs?.map((output) => output.value)).toEqual(['T-1']);
    const { runId } = await env.client.workflow.getHandle(handle.workflowId).describe();
    expect(runId).not.toBe(handle.firstExecutionRunId);
  });
}
