import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { chinaDate, WorkingCalendar } from '@onething/calendar';
import { CASE_WORKFLOW_GENERATION, taskWorkflowId } from '@onething/case-model';
import { caseWorkflow, CASE_COMMITMENT, progressQuery, type CaseWorkflowInput } from '@onething/workflows';
import { caseInput, sketchDefinition, type StepSketch, type WorkflowBench } from './workflow-harness';

/**
 * The case's commitment (承诺时限) and its date (`today()` from the submission time), in the case
 * workflow alone with stub activities: the due date counted in working days from the submission, the
 * breach recorded once when the case is still open at the due time, nothing when it closed in time, and
 * no patch marker for definitions without a commitment (their histories are unchanged).
 */
const { EventType } = temporal.api.enums.v1;
const DAY_MS = 86_400_000;

export function commitmentWorkflowTests(bench: WorkflowBench): void {
  const { stubs, taskQueue } = bench;
  let env: TestWorkflowEnvironment;
  beforeAll(() => {
    env = bench.env();
  });

  function startCase(
    caseId: string,
    steps: StepSketch[],
    extra: Parameters<typeof sketchDefinition>[2] = {},
    options: Partial<CaseWorkflowInput> = {},
  ) {
    return env.client.workflow.start(caseWorkflow, {
      args: [caseInput(caseId, sketchDefinition(`key-${caseId}`, steps, extra), options)],
      taskQueue,
      workflowId: `case-${caseId}`,
    });
  }

  /**
   * The patch ids the history's patch markers record (their payloads hold the id as JSON); local
   * activities' markers (generation 2) are not patches.
   */
  async function markers(workflowId: string): Promise<string[]> {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? [])
      .filter((event) => event.eventType === EventType.EVENT_TYPE_MARKER_RECORDED)
      .filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch')
      .flatMap((event) => Object.values(event.markerRecordedEventAttributes?.details ?? {}))
      .flatMap((payloads) => payloads.payloads ?? [])
      .map((payload) => Buffer.from(payload.data ?? []).toString('utf8'));
  }

  it('records the due date in working days from the submission, then the breach once, while the case is open', async () => {
    const caseId = 'commitment-breached';
    const submittedAt = await env.currentTimeMs();
    const handle = await startCase(
      caseId,
      [{ id: 'review', kind: 'manual' }],
      { commitment: { workingDays: 3 } },
      { submittedAt },
    );
    const recorded = await stubs.waitForCall(caseId, 'recordCommitment');
    // The stub calendar has no holidays: weekends are the only days off.
    const expected = new WorkingCalendar({ holidays: [], workdays: [] }).addWorkingDays(
      chinaDate(submittedAt),
      3,
    );
    expect(recorded.dueDate).toBe(expected);
    expect(recorded.dueAt - submittedAt).toBeGreaterThan(3 * DAY_MS);
    expect(stubs.callsOf(caseId, 'recordCommitmentBreach')).toEqual([]);

    await env.sleep(recorded.dueAt - submittedAt + 60_000);
    await stubs.waitForCall(caseId, 'recordCommitmentBreach');
    await env.sleep(10 * DAY_MS);
    expect(stubs.callsOf(caseId, 'recordCommitmentBreach')).toHaveLength(1);
    expect(await handle.query(progressQuery)).toContainEqual(expect.objectContaining({ stepId: 'review' }));
    expect((await markers(handle.workflowId)).some((details) => details.includes(CASE_COMMITMENT))).toBe(
      true,
    );
    await handle.terminate('test done');
  });

  it('records no breach when the case closes in time, and stops its timer', async () => {
    const caseId = 'commitment-met';
    const handle = await startCase(caseId, [{ id: 'credit' }, { id: 'insurance', after: ['credit'] }], {
      commitment: { workingDays: 5 },
    });
    expect((await handle.result()).decision).toBe('approved');
    expect(stubs.callsOf(caseId, 'recordCommitment')).toHaveLength(1);
    expect(stubs.callsOf(caseId, 'recordCommitmentBreach')).toEqual([]);
  });

  it('leaves a case without a commitment as it was: no clock, no patch marker', async () => {
    const caseId = 'no-commitment';
    const handle = await startCase(caseId, [{ id: 'credit' }]);
    expect((await handle.result()).decision).toBe('approved');
    expect(stubs.namesOf(caseId)).not.toContain('recordCommitment');
    expect((await markers(handle.workflowId)).some((details) => details.includes(CASE_COMMITMENT))).toBe(
      false,
    );
  });

  it('starts a case of the current generation with every patched behaviour on and no patch marker', async () => {
    const caseId = 'generation-current';
    const handle = await startCase(
      caseId,
      [{ id: 'review', kind: 'manual' }, { id: 'credit' }],
      { commitment: { workingDays: 3 } },
      { generation: CASE_WORKFLOW_GENERATION },
    );
    // The commitment's clock runs (CASE_COMMITMENT's behaviour) without reading the patch…
    await stubs.waitForCall(caseId, 'recordCommitment');
    // …the task opens with its SLA clock (TASK_LIFECYCLE's), told the case's generation…
    const opened = await stubs.waitForCall(caseId, 'openTask');
    expect(opened).toMatchObject({ stepId: 'review', generation: CASE_WORKFLOW_GENERATION });
    expect(opened).toHaveProperty('sla');
    // …and neither history holds a marker (each would also cost a search-attribute upsert).
    expect(await markers(handle.workflowId)).toEqual([]);
    expect(await markers(taskWorkflowId(caseId, 'review'))).toEqual([]);
    await handle.terminate('test done');
  });

  it("evaluates today() in a condition on the submission date, not on the clock's", async () => {
    const steps: StepSketch[] = [{ id: 'early', when: 'today() < "2000-01-01"', required: false }];
    // 1999-12-31T16:30Z is already 1 January 2000 in Shanghai: the case date is the case's time zone's.
    const late = await startCase(
      'case-date-late',
      steps,
      {},
      { submittedAt: Date.parse('1999-12-31T16:30:00Z') },
    );
    const early = await startCase(
      'case-date-early',
      steps,
      {},
      { submittedAt: Date.parse('1999-12-31T15:30:00Z') },
    );
    const [lateResult, earlyResult] = await Promise.all([late.result(), early.result()]);
    expect(lateResult.steps[0]).toMatchObject({ stepId: 'early', decision: 'skipped' });
    expect(earlyResult.steps[0]).toMatchObject({ stepId: 'early', decision: 'approved' });
    expect(stubs.callsOf('case-date-early', 'performAutoStep')).toHaveLength(1);
    expect(stubs.callsOf('case-date-late', 'performAutoStep')).toEqual([]);
  });
}
