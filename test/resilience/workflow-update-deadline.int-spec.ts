import { TaskEntity } from '@onething/persistence';
import {
  exampleApplication,
  startTcpProxy,
  startTestStack,
  TcpProxy,
  TestStack,
  waitUntil,
} from '@onething/testing';
import { taskStateQuery } from '@onething/workflows';
import { exitOf, spawnWorkerProcess } from './worker-process';

const UPDATE_TIMEOUT_MS = 3000;
// Scheduling on a busy 2-core machine, on top of the deadline.
const SLACK_MS = 1500;

type Worker = ReturnType<typeof spawnWorkerProcess>;

let stack: TestStack;
/** Between the API and Temporal: cut to make Temporal unreachable for the API only. */
let temporalProxy: TcpProxy;
/** Between the worker and PostgreSQL: frozen to make the worker slow to record an accepted decision. */
let workerDatabase: TcpProxy;
let worker: Worker | undefined;

async function startWorker(): Promise<Worker> {
  const viaProxy = new URL(process.env.DATABASE_URL!);
  viaProxy.port = String(workerDatabase.port);
  const started = spawnWorkerProcess({
    TEMPORAL_TASK_QUEUE: stack.config.temporal.taskQueue,
    CONNECTOR_BASE_URL: stack.config.connectors.baseUrl,
    DATABASE_URL: viaProxy.toString(),
    DATABASE_STATEMENT_TIMEOUT_MS: '2000',
  });
  await waitUntil(
    'the worker to poll',
    () => Promise.resolve(started.output.join('').includes('worker ready')),
    60_000,
  );
  return started;
}

async function stopWorker(signal: NodeJS.Signals): Promise<void> {
  if (!worker) return;
  worker.kill(signal);
  await exitOf(worker);
  worker = undefined;
}

beforeAll(async () => {
  const temporal = process.env.TEMPORAL_ADDRESS!.split(':');
  temporalProxy = await startTcpProxy({ host: temporal[0], port: Number(temporal[1]) });
  const database = new URL(process.env.DATABASE_URL!);
  workerDatabase = await startTcpProxy({ host: database.hostname, port: Number(database.port) });
  // No in-process worker: the worker is a real process the tests stop and start.
  stack = await startTestStack({
    withWorker: false,
    apiTemporalAddress: `127.0.0.1:${temporalProxy.port}`,
    env: { WORKFLOW_UPDATE_TIMEOUT_MS: String(UPDATE_TIMEOUT_MS) },
  });
  worker = await startWorker();
}, 120_000);
afterAll(async () => {
  workerDatabase.thaw();
  await stopWorker('SIGTERM');
  await stack?.close();
  await temporalProxy.cut();
  await workerDatabase.cut();
});

async function submitAndOpenTask(): Promise<TaskEntity> {
  const response = await fetch(`${stack.baseUrl}/cases`, {
    method: 'POST',
    headers: await stack.headers('applicant'),
    body: JSON.stringify({ definitionKey: 'talent-introduction', application: exampleApplication() }),
  });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  return waitUntil(
    `the talent office's task of case ${id}`,
    async () =>
      (await stack.dataSource.getRepository(TaskEntity).findOneBy({ caseId: id, status: 'open' })) ??
      undefined,
    60_000,
  );
}

/** Until the workflow has nothing under way: no workflow task (a local activity runs inside one), no activity. */
async function workflowIdle(workflowId: string): Promise<void> {
  const handle = stack.client.workflow.getHandle(workflowId);
  await waitUntil(
    `${workflowId} to be idle`,
    async () => {
      const { raw } = await handle.describe();
      const idle = !raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0;
      return idle ? true : undefined;
    },
    30_000,
  );
}

async function decide(task: TaskEntity) {
  const started = Date.now();
  const response = await fetch(`${stack.baseUrl}/tasks/${task.id}/decision`, {
    method: 'POST',
    headers: await stack.headers('department_worker'),
    body: JSON.stringify({ decision: 'approved', reason: 'complete' }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { details?: { code: string }[] },
    headers: response.headers,
    elapsedMs: Date.now() - started,
  };
}

/** What a client does after a 503 with Retry-After: send the same decision again until it is answered. */
function decideUntilAnswered(task: TaskEntity) {
  return waitUntil(
    'the decision to be answered by a running workflow',
    async () => {
      const answer = await decide(task);
      return answer.status === 503 ? undefined : answer;
    },
    90_000,
    1000,
  );
}

/**
 * Either the decision Temporal kept is applied first and the repeat is refused, or the repeat applies
 * it (201, or 202 when the workflow is still catching up); never both.
 */
function expectRepeatAnswered(repeated: Awaited<ReturnType<typeof decide>>) {
  expect([201, 202, 409]).toContain(repeated.status);
  if (repeated.status === 409) {
    // Refused by the read model or by the workflow's validator: either way, because it is decided.
    expect(repeated.body).toMatchObject({
      code: 'TASK_DECISION_REFUSED',
      message: expect.stringMatching(/^TASK_NOT_OPEN:/),
    });
  }
}

async function caseView(caseId: string) {
  const response = await fetch(`${stack.baseUrl}/cases/${caseId}`, {
    headers: await stack.headers('applicant'),
  });
  return (await response.json()) as { status: string; steps: { stepId: string; status: string }[] };
}

/** The task's own workflow history: how many decisions it accepted. */
async function acceptedDecisions(task: TaskEntity): Promise<number> {
  const history = await stack.client.workflow.getHandle(task.workflowId).fetchHistory();
  return (history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)
    .length;
}

async function expectDecidedOnce(task: TaskEntity) {
  const view = await waitUntil(
    'the case to show the decision',
    async () => {
      const current = await caseView(task.caseId);
      return current.steps.find((s) => s.stepId === task.stepId)?.status === 'approved' ? current : undefined;
    },
    60_000,
  );
  expect(view.steps.find((s) => s.stepId === task.stepId)?.status).toBe('approved');
  expect((await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: task.id })).status).toBe(
    'approved',
  );
  expect(await acceptedDecisions(task)).toBe(1);
}

it('answers a decision within its deadline (503, may still apply) while no worker runs, and applies it exactly once when one is back', async () => {
  const task = await submitAndOpenTask();
  // The task's workflow has seen its task opened (not only the row): a decision can be accepted at once.
  await waitUntil('the task workflow to have its task open', async () => {
    const state = await stack.client.workflow.getHandle(task.workflowId).query(taskStateQuery);
    return state.status === 'open';
  });
  await stopWorker('SIGKILL');

  const answer = await decide(task);
  expect(answer).toMatchObject({
    status: 503,
    body: { code: 'SERVICE_UNAVAILABLE', details: [{ code: 'UPDATE_NOT_CONFIRMED' }] },
  });
  expect(answer.headers.get('retry-after')).toBe('5');
  expect(answer.elapsedMs).toBeLessThan(UPDATE_TIMEOUT_MS + SLACK_MS);
  console.log(`worker down: a decision answered ${answer.status} in ${answer.elapsedMs} ms`);
  expect((await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: task.id })).status).toBe(
    'open',
  );

  worker = await startWorker();
  const repeated = await decideUntilAnswered(task);
  console.log(`worker back: the repeated decision answered ${repeated.status}`);
  expectRepeatAnswered(repeated);
  await expectDecidedOnce(task);
});

it('answers 202 pointing at the case when the workflow accepted a decision but has not recorded it in time', async () => {
  const task = await submitAndOpenTask();
  // Frozen only once the task's workflow has finished opening it: a read-model write still under way as
  // a local activity would hold the workflow task, and the Update's acceptance behind it.
  await workflowIdle(task.workflowId);
  // The worker still runs the workflow, but cannot write the decision to PostgreSQL for now.
  workerDatabase.freeze();
  try {
    const answer = await decide(task);
    expect(answer).toMatchObject({
      status: 202,
      body: { accepted: true, pending: true, caseId: task.caseId, taskId: task.id },
    });
    expect(answer.headers.get('location')).toBe(`/cases/${task.caseId}`);
    expect(answer.elapsedMs).toBeLessThan(UPDATE_TIMEOUT_MS + SLACK_MS);
  } finally {
    workerDatabase.thaw();
  }
  await expectDecidedOnce(task);
});

it('answers 503 (not 500) to Update-based actions while Temporal is unreachable, and works once it is back', async () => {
  const task = await submitAndOpenTask();
  await temporalProxy.cut();
  try {
    const answer = await decide(task);
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.elapsedMs).toBeLessThan(UPDATE_TIMEOUT_MS + SLACK_MS);
    console.log(`Temporal unreachable: a decision answered ${answer.status} in ${answer.elapsedMs} ms`);

    const withdrawal = await fetch(`${stack.baseUrl}/cases/${task.caseId}/withdraw`, {
      method: 'POST',
      headers: await stack.headers('applicant'),
      body: JSON.stringify({ reason: 'changed my mind' }),
    });
    expect(withdrawal.status).toBe(503);
    expect(((await withdrawal.json()) as { code: string }).code).toBe('SERVICE_UNAVAILABLE');

    // A submission does not need Temporal: the case is stored and the outbox relay starts it later.
    const submission = await fetch(`${stack.baseUrl}/cases`, {
      method: 'POST',
      headers: await stack.headers('applicant'),
      body: JSON.stringify({ definitionKey: 'talent-introduction', application: exampleApplication() }),
    });
    expect(submission.status).toBe(201);
  } finally {
    await temporalProxy.restore();
  }
  expectRepeatAnswered(await decideUntilAnswered(task));
  await expectDecidedOnce(task);
});
