import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { caseWorkflowId, taskWorkflowId } from '@onething/case-model';
import {
  cancelCaseUpdate,
  decideTaskUpdate,
  READ_MODEL_RETRY,
  requestMaterialUpdate,
  withdrawCaseUpdate,
} from '@onething/workflows';
import type { Actor } from '@onething/case-model';
import {
  httpCall,
  lifecycleApplication,
  lifecycleDefinition,
  localActivitiesIn,
  publishTestDefinition,
  recordHistories,
  startTestStack,
  submitCase,
  TestStack,
  waitUntil,
} from '@onething/testing';

/**
 * Acceptance: hostile free text in decisions, requests for more material, answers and withdrawals never
 * jams a case. Text the workflow cannot store is refused by the Update validators before it enters
 * history (the Temporal client is called directly, past whatever the API checks); an action whose
 * activity PostgreSQL refuses for good fails at its first attempt, leaves the task or case as it was,
 * and can be made again. Every case ends, and no activity is attempted more often than its policy.
 */
let stack: TestStack;
const key = `hostile-${Date.now()}`;

beforeAll(async () => {
  stack = await startTestStack();
  await publishTestDefinition(stack.dataSource, lifecycleDefinition(key));
});
afterAll(async () => {
  await stack.close();
});

const HOSTILE = {
  nul: 'reason\u0000with a NUL',
  'lone surrogate': 'reason \ud800 alone',
  'bidi override': 'approved \u202edevorppa',
  '1 MB': 'x'.repeat(1024 * 1024),
  'zero-width joiner': 'approved\u200dwith a joiner',
};
/** What the validators let through (stored as it is): prose may hold a joiner, never a bidi override. */
const STORABLE = new Set(['zero-width joiner']);

const worker = (department: string): Actor => ({
  accountId: stack.accounts.department_worker.id,
  departments: [department],
  roles: ['department_worker'],
});
const applicantActor = (): Actor => ({
  accountId: stack.accounts.applicant.id,
  departments: [],
  roles: ['applicant'],
});
const administrator = (): Actor => ({
  accountId: stack.accounts.administrator.id,
  departments: [],
  roles: ['administrator'],
});
const taskWorkflow = (caseId: string, stepId: string) =>
  stack.client.workflow.getHandle(taskWorkflowId(caseId, stepId));
const caseWorkflow = (caseId: string) => stack.client.workflow.getHandle(caseWorkflowId(caseId));

/** The Update's outcome: accepted, or the type of the validator's or handler's refusal. */
async function outcome(update: Promise<unknown>): Promise<string> {
  try {
    await update;
    return 'accepted';
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      return error.cause.type ?? 'untyped';
    }
    throw error;
  }
}

async function taskOpen(caseId: string, stepId: string): Promise<void> {
  await waitUntil(`task ${stepId} of ${caseId} open`, async () => {
    try {
      const state = await taskWorkflow(caseId, stepId).query<{ status: string }>('taskState');
      return state.status === 'open';
    } catch {
      return false;
    }
  });
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * Every activity in the workflow's history: its policy is bounded (a maximum of attempts) and no attempt
 * went past it; returns the attempt of each activity that failed with a non-retryable type.
 */
async function checkAttempts(workflowId: string): Promise<{ type: string; attempt: number }[]> {
  const { events } = await stack.client.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = new Map<string, { name: string; maximumAttempts: number }>();
  const started = new Map<string, number>();
  const refused: { type: string; attempt: number }[] = [];
  for (const event of (events ?? []) as HistoryEvent[]) {
    const id = String(event.eventId);
    const schedule = event.activityTaskScheduledEventAttributes;
    if (schedule) {
      scheduled.set(id, {
        name: schedule.activityType?.name ?? '',
        maximumAttempts: schedule.retryPolicy?.maximumAttempts ?? 0,
      });
    }
    const start = event.activityTaskStartedEventAttributes;
    if (start) {
      const policy = scheduled.get(String(start.scheduledEventId))!;
      expect({ activity: policy.name, bounded: policy.maximumAttempts > 0 }).toEqual({
        activity: policy.name,
        bounded: true,
      });
      expect(start.attempt ?? 1).toBeLessThanOrEqual(policy.maximumAttempts);
      started.set(id, start.attempt ?? 1);
    }
    const failure = event.activityTaskFailedEventAttributes;
    if (failure?.failure?.applicationFailureInfo?.nonRetryable) {
      refused.push({
        type: failure.failure.applicationFailureInfo.type ?? '',
        attempt: started.get(String(failure.startedEventId))!,
      });
    }
  }
  // Local activities (generation 2): their policy is the read model's, bounded; the marker has the attempt.
  for (const run of localActivitiesIn({ events })) {
    expect(run.attempt).toBeLessThanOrEqual(READ_MODEL_RETRY.maximumAttempts!);
    const info = run.failure?.applicationFailureInfo;
    if (info?.nonRetryable) refused.push({ type: info.type ?? '', attempt: run.attempt });
  }
  return refused;
}

describe('hostile free text through the workflow Updates', () => {
  it.each(Object.entries(HOSTILE))(
    'with %s: refused before history where it cannot be stored; the case still ends',
    async (name, hostile) => {
      const caseId = await submitCase(stack, key, lifecycleApplication());
      await Promise.all(['talentReview', 'housingReview'].map((stepId) => taskOpen(caseId, stepId)));
      const expected = STORABLE.has(name) ? 'accepted' : 'TEXT_REFUSED';

      const asked = await outcome(
        taskWorkflow(caseId, 'talentReview').executeUpdate(requestMaterialUpdate, {
          args: [{ actor: worker('talent-office'), fields: ['diploma'], message: hostile }],
        }),
      );
      // An approval: its reason passes the same text checks as a rejection's, and it leaves the case
      // open for the cancellation below (a rejection is decisive: the case would close on its own, and
      // the cancellation would race it, answering CASE_CLOSED when it lost).
      const decided = await outcome(
        taskWorkflow(caseId, 'housingReview').executeUpdate(decideTaskUpdate, {
          args: [{ actor: worker('housing'), decision: 'approved', reason: hostile }],
        }),
      );
      const cancelled = await outcome(
        caseWorkflow(caseId).executeUpdate(cancelCaseUpdate, {
          args: [{ actor: administrator(), reason: hostile }],
        }),
      );
      expect({ asked, decided, cancelled }).toEqual({
        asked: expected,
        decided: expected,
        cancelled: expected,
      });
      if (STORABLE.has(name)) {
        // Accepted and stored: the cancellation ends the case.
        expect((await caseWorkflow(caseId).result()).decision).toBe('cancelled');
      } else {
        // Refused: the tasks are still open and the applicant can still withdraw (a refused withdrawal
        // first), so the case ends.
        expect(
          await outcome(
            caseWorkflow(caseId).executeUpdate(withdrawCaseUpdate, {
              args: [{ actor: applicantActor(), reason: hostile }],
            }),
          ),
        ).toBe('TEXT_REFUSED');
        const state = await taskWorkflow(caseId, 'talentReview').query<{ status: string }>('taskState');
        expect(state.status).toBe('open');
        expect(
          await outcome(
            caseWorkflow(caseId).executeUpdate(withdrawCaseUpdate, {
              args: [{ actor: applicantActor(), reason: 'Moving to another city' }],
            }),
          ),
        ).toBe('accepted');
        expect((await caseWorkflow(caseId).result()).decision).toBe('withdrawn');
      }
      for (const workflowId of [
        caseWorkflowId(caseId),
        taskWorkflowId(caseId, 'talentReview'),
        taskWorkflowId(caseId, 'housingReview'),
      ]) {
        expect(await checkAttempts(workflowId)).toEqual([]);
      }
    },
  );
});

/**
 * PostgreSQL refusing a write for good, as it refuses a NUL (SQLSTATE 22021): triggers refuse any row
 * carrying the marker, whichever way it came. The API is used here, so the answer it gives is tested too.
 */
const JAM = 'JAM-22021';

async function installRefusingTriggers(): Promise<void> {
  await stack.dataSource.query(`
    CREATE OR REPLACE FUNCTION refuse_jammed_row() RETURNS trigger AS $$
    BEGIN
      IF row_to_json(NEW)::text LIKE '%${JAM}%' THEN
        RAISE EXCEPTION 'invalid byte sequence (simulated)' USING ERRCODE = '22021';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  for (const table of ['tasks', 'material_requests', 'outbox_events', 'cases']) {
    await stack.dataSource.query(`
      CREATE OR REPLACE TRIGGER refuse_jammed_${table} BEFORE INSERT OR UPDATE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION refuse_jammed_row()`);
  }
}

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await httpCall(stack.baseUrl, method, path, { headers, body });
  return { ...response, body: response.body ?? {} };
}

describe('an action whose write PostgreSQL refuses for good', () => {
  beforeAll(installRefusingTriggers);

  it('answers 422 ACTION_NOT_RECORDED at once, changes nothing, and can be made again; the case ends', async () => {
    const caseId = await submitCase(stack, key, lifecycleApplication());
    await Promise.all(['talentReview', 'housingReview'].map((stepId) => taskOpen(caseId, stepId)));
    const talentWorker = await stack.headers('department_worker');
    const tasks = (await call('GET', `/tasks?caseId=${caseId}`, talentWorker)).body.items as {
      id: string;
      stepId: string;
    }[];
    const talentTask = tasks.find((task) => task.stepId === 'talentReview')!;
    const notRecorded = { code: 'ACTION_NOT_RECORDED', details: [{ code: 'ACTION_NOT_RECORDED' }] };

    // A decision: refused, the task still open, decided again.
    const started = Date.now();
    const jammedDecision = await call('POST', `/tasks/${talentTask.id}/decision`, talentWorker, {
      decision: 'rejected',
      reason: `Diploma ${JAM}`,
    });
    expect({ status: jammedDecision.status, body: jammedDecision.body }).toMatchObject({
      status: 422,
      body: notRecorded,
    });
    // Not retried for minutes: the first attempt's non-retryable failure ends it.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await call('GET', `/tasks/${talentTask.id}`, talentWorker)).body.status).toBe('open');

    // A request for more material: refused, the task still open, asked again.
    const jammedRequest = await call('POST', `/tasks/${talentTask.id}/material-requests`, talentWorker, {
      fields: ['diploma'],
      message: `Please send the diploma ${JAM}`,
    });
    expect({ status: jammedRequest.status, body: jammedRequest.body }).toMatchObject({
      status: 422,
      body: notRecorded,
    });
    expect((await call('GET', `/tasks/${talentTask.id}`, talentWorker)).body.status).toBe('open');
    const request = await call('POST', `/tasks/${talentTask.id}/material-requests`, talentWorker, {
      fields: ['diploma'],
      message: 'Please send the diploma again',
    });
    expect(request.status).toBe(201);

    // The applicant's answer: refused, the notice still open, answered again.
    const applicant = await stack.headers('applicant');
    const notice = await waitUntil('the notice', async () => {
      const items = (await call('GET', `/cases/${caseId}/notices`, applicant)).body.items as {
        id: string;
        status: string;
      }[];
      return items.find((item) => item.status === 'open');
    });
    const answerPath = `/cases/${caseId}/notices/${notice.id}/answer`;
    const jammedAnswer = await call('POST', answerPath, applicant, { values: { diploma: `D-${JAM}` } });
    expect({ status: jammedAnswer.status, body: jammedAnswer.body }).toMatchObject({
      status: 422,
      body: notRecorded,
    });
    const answered = await call('POST', answerPath, applicant, { values: { diploma: 'D-2020-002' } });
    expect({ status: answered.status, notice: answered.body.status }).toEqual({
      status: 200,
      notice: 'answered',
    });

    // Its decision after all.
    await taskOpen(caseId, 'talentReview');
    const decided = await call('POST', `/tasks/${talentTask.id}/decision`, talentWorker, {
      decision: 'approved',
    });
    expect(decided.status).toBe(201);

    // The withdrawal: refused, the case goes on; withdrawn again, it ends.
    const jammedWithdrawal = await call('POST', `/cases/${caseId}/withdraw`, applicant, {
      reason: `Changed my mind ${JAM}`,
    });
    expect({ status: jammedWithdrawal.status, body: jammedWithdrawal.body }).toMatchObject({
      status: 422,
      body: notRecorded,
    });
    expect((await call('GET', `/cases/${caseId}`, applicant)).body.status).toBe('in_progress');
    const withdrawn = await call('POST', `/cases/${caseId}/withdraw`, applicant, {
      reason: 'Changed my mind',
    });
    expect(withdrawn.status).toBe(202);
    expect((await caseWorkflow(caseId).result()).decision).toBe('withdrawn');

    // Each refused write was attempted once; nothing went past its policy.
    const refused = [
      ...(await checkAttempts(caseWorkflowId(caseId))),
      ...(await checkAttempts(taskWorkflowId(caseId, 'talentReview'))),
    ];
    expect(refused.sort((a, b) => a.type.localeCompare(b.type))).toEqual([
      { type: 'DataRefused', attempt: 1 },
      { type: 'DataRefused', attempt: 1 },
      { type: 'DataRefused', attempt: 1 },
      { type: 'DataRefused', attempt: 1 },
    ]);
    await recordHistories(stack.client, {
      'action-not-recorded-then-withdrawn': caseWorkflowId(caseId),
      'action-not-recorded-then-withdrawn-talentReview': taskWorkflowId(caseId, 'talentReview'),
    });
  });
});
