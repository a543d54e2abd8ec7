import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { chinaDate, startSlaClock, WorkingCalendar } from '@onething/calendar';
import { proactiveOfferWorkflowId } from '@onething/case-model';
import {
  caseWorkflow,
  offerSettledSignal,
  progressQuery,
  proactiveOfferWorkflow,
  type CaseWorkflowInput,
} from '@onething/workflows';
import { waitUntil } from '../support/wait';
import { caseInput, sketchDefinition, type StepSketch, type WorkflowBench } from './workflow-harness';

/**
 * Pledge mode (承诺办) in the case workflow, and a proactive case's offer (免申即享), on the time-skipping
 * server with stub activities: the pledged step approves at once, its verification runs only after the
 * pledge's working days (an independent oracle: the stub calendar's working days), and a rejection by
 * the verification revokes the pledged approval through the scoped compensation.
 */
const NO_HOLIDAYS = new WorkingCalendar({ holidays: [], workdays: [] });

/** `licence` approves on the pledge; `inspection` verifies it five working days later. */
const PLEDGED: StepSketch[] = [
  {
    id: 'licence',
    pledge: { verifyAfterWorkingDays: 5, verification: 'inspection' },
    compensate: ['dependency-rejected'],
  },
  { id: 'inspection', after: ['licence'] },
];

export function pledgeWorkflowTests(bench: WorkflowBench): void {
  const { stubs, taskQueue } = bench;
  let env: TestWorkflowEnvironment;
  beforeAll(() => {
    env = bench.env();
  });

  function startCase(caseId: string, options: Partial<CaseWorkflowInput> = {}) {
    return env.client.workflow.start(caseWorkflow, {
      args: [
        caseInput(caseId, sketchDefinition(`key-${caseId}`, PLEDGED), { pledged: ['licence'], ...options }),
      ],
      taskQueue,
      workflowId: `case-${caseId}`,
    });
  }

  /** The verification step of `handle`'s case waits for its working days (queries do not skip time). */
  function verificationWaiting(handle: Awaited<ReturnType<typeof startCase>>) {
    return waitUntil('the verification to wait', async () => {
      const steps = await handle.query(progressQuery);
      const waiting = steps.find((step) => step.stepId === 'inspection')?.reason?.startsWith('Verification');
      return waiting && steps;
    });
  }

  /**
   * Moves the environment's clock past `dueAt` explicitly: other tests of the file may leave work that
   * stops automatic time skipping (see createTimeSkippingWorker), as the commitment tests do too.
   */
  async function sleepPast(dueAt: number): Promise<void> {
    await env.sleep(dueAt - (await env.currentTimeMs()) + 60_000);
  }

  it('approves the pledged step at once and runs its verification only after the working days', async () => {
    const caseId = 'pledge-verified';
    const startedAt = await env.currentTimeMs();
    const handle = await startCase(caseId, { submittedAt: startedAt });
    await stubs.waitForCall(caseId, 'approveOnPledge');
    const progress = await verificationWaiting(handle);
    expect(progress.find((step) => step.stepId === 'licence')?.status).toBe('approved');
    expect(progress.find((step) => step.stepId === 'inspection')).toMatchObject({ status: 'pending' });
    expect(stubs.callsOf(caseId, 'performAutoStep')).toEqual([]);

    // An hour before the end of the fifth working day after the approval, it still waits.
    const due = startSlaClock(NO_HOLIDAYS, 5, startedAt).dueAt;
    await env.sleep(due - (await env.currentTimeMs()) - 3_600_000);
    expect(stubs.callsOf(caseId, 'performAutoStep')).toEqual([]);
    await sleepPast(due);
    const result = await handle.result();
    const [inspection] = stubs.callsOf(caseId, 'performAutoStep');
    expect(inspection?.stepId).toBe('inspection');
    expect(result.decision).toBe('approved');
    expect(stubs.callsOf(caseId, 'compensateStep')).toEqual([]);
  });

  it('revokes the pledged approval when the verification rejects: scoped compensation, case rejected', async () => {
    const caseId = 'pledge-revoked';
    stubs.configure(caseId, {
      autoStep: (stepId) =>
        stepId === 'inspection'
          ? { decision: 'rejected', reason: 'premises not as pledged' }
          : { decision: 'approved' },
    });
    const startedAt = await env.currentTimeMs();
    const handle = await startCase(caseId, { submittedAt: startedAt });
    await verificationWaiting(handle);
    await sleepPast(startSlaClock(NO_HOLIDAYS, 5, startedAt).dueAt);
    const result = await handle.result();

    expect(result.decision).toBe('rejected');
    expect(
      stubs.callsOf(caseId, 'compensateStep').map((input) => [input.stepId, input.reason, input.because]),
    ).toEqual([['licence', 'rejected', 'dependency-rejected']]);
    expect(result.steps.find((step) => step.stepId === 'licence')).toMatchObject({
      decision: 'approved',
      compensated: true,
    });
  });

  it('reviews a pledged step as usual when the applicant did not sign its pledge, reading no patch', async () => {
    const caseId = 'pledge-unsigned';
    const handle = await startCase(caseId, { pledged: [] });
    const result = await handle.result();

    expect(result.decision).toBe('approved');
    expect(stubs.callsOf(caseId, 'approveOnPledge')).toEqual([]);
    expect(stubs.callsOf(caseId, 'performAutoStep').map((input) => input.stepId)).toEqual([
      'licence',
      'inspection',
    ]);
  });

  it('closes an unconfirmed proactive case when its working-day window passes', async () => {
    const caseId = 'offer-expires';
    const offeredAt = await env.currentTimeMs();
    const handle = await env.client.workflow.start(proactiveOfferWorkflow, {
      args: [{ caseId, offeredAt, confirmWithinWorkingDays: 3 }],
      taskQueue,
      workflowId: proactiveOfferWorkflowId(caseId),
    });
    await stubs.waitForCall(caseId, 'notifyProactiveOffer');
    await sleepPast(startSlaClock(NO_HOLIDAYS, 3, offeredAt).dueAt);
    expect(await handle.result()).toBe('expired');
    // (The calendar's loading carries no case id: the stubs cannot attribute it.)
    expect(stubs.namesOf(caseId)).toEqual(['notifyProactiveOffer', 'expireProactiveOffer']);
    const due = NO_HOLIDAYS.addWorkingDays(chinaDate(offeredAt), 3);
    expect(chinaDate(await env.currentTimeMs()) >= due).toBe(true);
  });

  it('ends the wait without expiring once the person confirms or declines', async () => {
    const caseId = 'offer-settled';
    const handle = await env.client.workflow.start(proactiveOfferWorkflow, {
      args: [{ caseId, offeredAt: await env.currentTimeMs(), confirmWithinWorkingDays: 3 }],
      taskQueue,
      workflowId: proactiveOfferWorkflowId(caseId),
    });
    await stubs.waitForCall(caseId, 'notifyProactiveOffer');
    await handle.signal(offerSettledSignal);
    expect(await handle.result()).toBe('settled');
    expect(stubs.callsOf(caseId, 'expireProactiveOffer')).toEqual([]);
  });
}
