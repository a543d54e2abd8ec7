import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { chinaDate, startOfChinaDay } from '@onething/calendar';
import { CalendarStore } from '@onething/calendar-store';
import { TaskEntity } from '@onething/persistence';
import { caseWorkflowId, taskWorkflowId, taskWorkflowQueue } from '@onething/case-model';
import {
  createPerson,
  createTimeSkippingEnv,
  createTimeSkippingWorker,
  httpCall,
  lifecycleApplication,
  lifecycleDefinition,
  publishTestDefinition,
  recordHistories,
  startTestStack,
  submitCase,
  TestPerson,
  TestStack,
  waitUntil,
} from '@onething/testing';
import { caseActivities } from '../apps/worker/src/activities';

/**
 * Working-day time limits measured in days, on the Java time-skipping test server: days pass in moments.
 * The API, the activities and PostgreSQL are the real ones; only Temporal's clock is skipped.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
const LIMIT = 6;

let env: TestWorkflowEnvironment;
let stack: TestStack;
let workers: Worker[] = [];
let running: Promise<unknown>;
let housing: TestPerson;
let educationSupervisor: TestPerson;
const key = `sla-${Date.now()}`;

/** Years whose exceptions this test replaces, and which of them existed before (re-seeded afterwards). */
let touchedYears: number[] = [];
let seededBefore: number[] = [];

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
const isWeekend = (iso: string) => weekday(iso) === 0 || weekday(iso) === 6;

/** An independent oracle: the day the Nth working day after `start` falls on, under this test's calendar. */
function nthWorkingDay(start: string, n: number, holiday: string, makeUp: string): string {
  let day = start;
  for (let left = n; left > 0;) {
    day = addDays(day, 1);
    if (day === makeUp || (!isWeekend(day) && day !== holiday)) left--;
  }
  return day;
}

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  // The API starts cases on the time-skipping server; its worker runs the real activities.
  stack = await startTestStack({ apiTemporalAddress: env.address });
  await publishTestDefinition(
    stack.dataSource,
    lifecycleDefinition(key, {
      workingDays: LIMIT,
      escalation: { to: 'lead-department', afterWorkingDays: 1 },
      schoolEscalation: { to: 'supervisor', afterWorkingDays: 0 },
    }),
  );
  housing = await createPerson(stack, 'department_worker', ['housing']);
  educationSupervisor = await createPerson(stack, 'department_supervisor', ['education']);
  // The case queue, and its tasks queue where the cases' task workflows run.
  const queue = stack.config.temporal.taskQueue;
  workers = await Promise.all(
    [queue, taskWorkflowQueue(queue)].map((taskQueue) =>
      createTimeSkippingWorker(env, { taskQueue, activities: caseActivities(stack.workerApp!) }),
    ),
  );
  running = Promise.all(workers.map((worker) => worker.run()));
}, 180_000);

afterAll(async () => {
  for (const worker of workers) worker.shutdown();
  await running;
  if (stack && touchedYears.length > 0) {
    await stack.dataSource.query(`DELETE FROM calendar_years WHERE year = ANY($1)`, [touchedYears]);
    await new CalendarStore(stack.dataSource).ensureSeeded(seededBefore);
  }
  await stack?.close();
  await env?.teardown();
});

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return httpCall(stack.baseUrl, method, path, { headers, body });
}

const taskRow = (caseId: string, stepId: string) =>
  stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ caseId, stepId });

/** Moves the test server's clock to `at` (epoch ms), firing every timer on the way. */
async function skipTo(at: number) {
  const now = await env.currentTimeMs();
  if (at > now) await env.sleep(at - now);
}

it('breaches after N working days across a weekend and a public holiday, counting a make-up Saturday; pauses while the applicant owes material; escalates by reassigning', async () => {
  // This test's calendar, around whatever day it runs: the first weekday after today is a holiday, the
  // first weekend day after that a make-up working day.
  const today = chinaDate(await env.currentTimeMs());
  let holiday = addDays(today, 1);
  while (isWeekend(holiday)) holiday = addDays(holiday, 1);
  let makeUp = addDays(holiday, 1);
  while (!isWeekend(makeUp)) makeUp = addDays(makeUp, 1);
  const due = nthWorkingDay(today, LIMIT, holiday, makeUp);
  const span = Array.from({ length: (Date.parse(due) - Date.parse(today)) / DAY }, (_, i) =>
    addDays(today, i + 1),
  );
  // The span really holds all three: the holiday, the make-up day, and a weekend day that does not count.
  expect(span).toContain(holiday);
  expect(span).toContain(makeUp);
  expect(span.some((day) => isWeekend(day) && day !== makeUp)).toBe(true);

  touchedYears = [...new Set([today, due, addDays(due, 30)].map((day) => Number(day.slice(0, 4))))];
  seededBefore = (
    await stack.dataSource.query<{ year: number }[]>(`SELECT year FROM calendar_years WHERE year = ANY($1)`, [
      touchedYears,
    ])
  ).map((row) => row.year);
  for (const year of touchedYears) {
    const put = await call('PUT', `/admin/calendar/${year}`, await stack.headers('administrator'), {
      holidays: holiday.startsWith(String(year)) ? [{ date: holiday, note: 'Test holiday' }] : [],
      workdays: makeUp.startsWith(String(year)) ? [{ date: makeUp, note: 'Test make-up day' }] : [],
    });
    expect(put.status).toBe(200);
  }

  const caseId = await submitCase(stack, key, lifecycleApplication());
  const opened = await waitUntil('both reviews open with their clocks', async () => {
    const rows = await Promise.all([taskRow(caseId, 'housingReview'), taskRow(caseId, 'talentReview')]).catch(
      () => undefined,
    );
    return rows?.every((row) => row.sla.dueDate !== null) ? rows : undefined;
  });
  expect(opened.map((row) => row.sla.dueDate)).toEqual([due, due]);
  const [housingTask, talentTask] = opened;

  // The talent office asks for more material today: its clock stops.
  const ask = await call(
    'POST',
    `/tasks/${talentTask.id}/material-requests`,
    await stack.headers('department_worker'),
    {
      fields: ['diploma'],
      message: 'Upload the diploma',
    },
  );
  expect(ask.status).toBe(201);
  await waitUntil('talent clock paused', async () =>
    (await taskRow(caseId, 'talentReview')).sla.slaPausedAt ? true : undefined,
  );

  // An hour before the end of the due date: not breached.
  const dueAt = startOfChinaDay(due) + DAY;
  expect(housingTask.sla.dueAt!.getTime()).toBe(dueAt);
  await skipTo(dueAt - HOUR);
  expect((await taskRow(caseId, 'housingReview')).sla.breachedAt).toBeNull();

  // Past it: breached, recorded on the step and the task; the paused talent review is not.
  await skipTo(dueAt + HOUR);
  const breached = await waitUntil('housing breached', async () => {
    const row = await taskRow(caseId, 'housingReview');
    return row.sla.breachedAt ? row : undefined;
  });
  expect(breached).toMatchObject({ department: 'housing', priority: 'normal' });
  // The school review escalates at the breach itself (0 working days), to its own supervisors: it stays
  // in the department, urgent, and they are told.
  const school = await waitUntil('school escalated', async () => {
    const row = await taskRow(caseId, 'schoolReview');
    return row.sla.escalatedAt ? row : undefined;
  });
  expect(school).toMatchObject({ department: 'education', priority: 'urgent', escalatedTo: 'supervisor' });
  await waitUntil('education supervisor told', async () => {
    const inbox = await call(
      'GET',
      `/me/notifications?caseId=${caseId}`,
      await educationSupervisor.headers(),
    );
    return inbox.body.items.some((n: { kind: string }) => n.kind === 'task-escalated') ? true : undefined;
  });
  const talentWhilePaused = await taskRow(caseId, 'talentReview');
  expect(talentWhilePaused.sla.breachedAt).toBeNull();
  expect(talentWhilePaused.status).toBe('awaiting_material');

  // One working day after the due date: escalated to the lead department, urgent, never dropped.
  const escalateAt = startOfChinaDay(nthWorkingDay(due, 1, holiday, makeUp)) + DAY;
  await skipTo(escalateAt + HOUR);
  const escalated = await waitUntil('housing escalated', async () => {
    const row = await taskRow(caseId, 'housingReview');
    return row.sla.escalatedAt ? row : undefined;
  });
  expect(escalated).toMatchObject({
    department: 'talent-office',
    priority: 'urgent',
    escalatedTo: 'talent-office',
    status: 'open',
  });
  const events = await stack.dataSource.query<{ type: string; payload: Record<string, string> }[]>(
    `SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 AND type IN ('case.step.sla-breached', 'task.escalated') ORDER BY id`,
    [caseId],
  );
  // The paused talent review neither breached nor escalated.
  expect(events.map((e) => [e.type, e.payload.stepId]).sort()).toEqual([
    ['case.step.sla-breached', 'housingReview'],
    ['case.step.sla-breached', 'schoolReview'],
    ['task.escalated', 'housingReview'],
    ['task.escalated', 'schoolReview'],
  ]);
  // The lead department's supervisor was told; the housing worker no longer holds the task.
  const supervisorInbox = await call(
    'GET',
    `/me/notifications?caseId=${caseId}`,
    await stack.headers('department_supervisor'),
  );
  expect(supervisorInbox.body.items.map((n: { kind: string }) => n.kind)).toEqual(['task-escalated']);
  expect((await call('GET', `/tasks/${housingTask.id}`, await housing.headers())).status).toBe(404);
  const urgent = await call(
    'GET',
    `/tasks?priority=urgent&caseId=${caseId}`,
    await stack.headers('department_worker'),
  );
  expect(urgent.body.items.map((t: { stepId: string }) => t.stepId)).toEqual(['housingReview']);
  const late = await call(
    'GET',
    `/tasks?sla=breached&caseId=${caseId}`,
    await stack.headers('department_worker'),
  );
  expect(late.body.items.map((t: { stepId: string }) => t.stepId)).toEqual(['housingReview']);
  const bad = await call('GET', `/tasks?sla=late`, await stack.headers('department_worker'));
  expect({ status: bad.status, path: bad.body.path }).toEqual({ status: 400, path: 'sla' });

  // The applicant answers days later: the talent review's clock resumes with all its working days left.
  const notice = await waitUntil('the notice', async () => {
    const { body } = await call('GET', `/cases/${caseId}/notices`, await stack.headers('applicant'));
    return (body.items as { id: string }[])[0];
  });
  const answeredOn = chinaDate(await env.currentTimeMs());
  const answer = await call(
    'POST',
    `/cases/${caseId}/notices/${notice.id}/answer`,
    await stack.headers('applicant'),
    {
      values: { diploma: 'D-2019-777' },
    },
  );
  expect(answer.status).toBe(200);
  const resumed = await waitUntil('talent clock resumed', async () => {
    const row = await taskRow(caseId, 'talentReview');
    return row.sla.slaPausedAt === null && row.status === 'open' ? row : undefined;
  });
  expect(resumed.sla.dueDate).toBe(nthWorkingDay(answeredOn, LIMIT, holiday, makeUp));
  expect(resumed.sla.breachedAt).toBeNull();

  await call('POST', `/cases/${caseId}/withdraw`, await stack.headers('applicant'), {
    reason: 'End of test',
  });
  await env.client.workflow.getHandle(caseWorkflowId(caseId)).result();
  await recordHistories(env.client, {
    'sla-breached-escalated-then-withdrawn': caseWorkflowId(caseId),
    'sla-breached-escalated-then-withdrawn-housingReview': taskWorkflowId(caseId, 'housingReview'),
    'sla-paused-resumed-then-withdrawn-talentReview': taskWorkflowId(caseId, 'talentReview'),
  });
});
