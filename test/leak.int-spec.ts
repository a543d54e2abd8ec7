import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { projectWorkerOptions, workflowBundleOptions } from '@onething/temporal';
import { TaskEntity } from '@onething/persistence';
import {
  autoApplication,
  autoDefinition,
  exampleApplication,
  PERSONAL_DATA_MARKERS,
  publishTestDefinition,
  startTestStack,
  submitCase,
  TestStack,
  waitUntil,
} from '@onething/testing';
import type { databaseErrorWorkflow } from './workflows/leak.workflows';

/**
 * No personal data in the logs or, in the clear, in Temporal — down the failure paths too: a department
 * down (activities retry and fail), a decision whose reason holds an ID number and a phone number, and a
 * database error that carries the value it was sent. Histories are read raw (no codec), every byte of
 * every payload and failure decoded as text; the logs are the API's, the worker's and the SDK's.
 */
const [residentId, mobile] = PERSONAL_DATA_MARKERS as [string, string, ...string[]];

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The history as the Temporal server holds it: fetched with the raw service, no data converter. */
async function rawHistory(workflowId: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await stack.client.workflowService.getWorkflowExecutionHistory({
      namespace: stack.config.temporal.namespace,
      execution: { workflowId },
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

/** Every string and every byte array (as UTF-8, and base64 strings decoded) of the events, as one text. */
function asText(events: HistoryEvent[]): string {
  const raw = JSON.stringify(events, (_key, value: unknown): unknown =>
    value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value,
  );
  const decoded = [...raw.matchAll(/"([A-Za-z0-9+/]{4,}={0,2})"/g)].map((m) =>
    Buffer.from(m[1], 'base64').toString('utf8'),
  );
  return `${raw}\n${decoded.join('\n')}`;
}

/** The failures recorded in the events, causes included. */
function failuresIn(events: HistoryEvent[]): temporal.api.failure.v1.IFailure[] {
  const found: temporal.api.failure.v1.IFailure[] = [];
  const collect = (failure: temporal.api.failure.v1.IFailure | null | undefined): void => {
    if (!failure) return;
    found.push(failure);
    collect(failure.cause);
  };
  for (const event of events) {
    collect(event.activityTaskFailedEventAttributes?.failure);
    collect(event.workflowExecutionFailedEventAttributes?.failure);
    collect(event.workflowTaskFailedEventAttributes?.failure);
  }
  return found;
}

function expectNoPersonalData(text: string, where: string): void {
  for (const marker of PERSONAL_DATA_MARKERS)
    expect({ where, leaked: text.includes(marker) ? marker : null }).toEqual({ where, leaked: null });
}

const base64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');

it('keeps a database error that carries an applicant’s values out of the logs and, in the clear, out of history', async () => {
  const value = `${residentId} ${mobile}`;
  // The project's worker options on a task queue of this test, running a workflow whose activity sends
  // the value where PostgreSQL refuses it, quoting it in its message and holding it in the parameters.
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(),
    workflowsPath: join(__dirname, 'workflows', 'leak.workflows.ts'),
    logger: undefined,
  });
  const taskQueue = `leak-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: stack.config.temporal.address! });
  const worker = await Worker.create({
    ...projectWorkerOptions(stack.config.temporal),
    connection,
    taskQueue,
    workflowBundle: { code },
    activities: {
      queryWithValue: async (text: string) => {
        await stack.dataSource.query('SELECT $1::uuid AS id', [text]);
      },
    },
  });
  const workflowId = `leak-${randomUUID()}`;
  const outcome = await worker.runUntil(
    stack.client.workflow
      .execute<typeof databaseErrorWorkflow>('databaseErrorWorkflow', {
        taskQueue,
        workflowId,
        args: [value],
      })
      .then(
        () => 'completed',
        (error: Error) => error,
      ),
  );
  await connection.close();
  // Through the codec, the workflow's own failure reads as written; its cause is the redacted database error.
  expect(outcome).toMatchObject({ cause: { message: `could not record ${value}`, type: 'RecordRefused' } });

  const events = await rawHistory(workflowId);
  const failures = failuresIn(events);
  // The activity's last attempt (history keeps only that one) and the workflow's: each encrypted.
  expect(failures).toHaveLength(2);
  for (const failure of failures) {
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(Buffer.from(failure.encodedAttributes?.metadata?.['encoding'] ?? []).toString()).toBe(
      'binary/encrypted',
    );
  }
  expectNoPersonalData(asText(events), 'raw history of the database-error workflow');

  // The Web UI's codec endpoint gives an auditor the failure back: message and stack trace.
  const decode = await fetch(`${stack.baseUrl}/codec/decode`, {
    method: 'POST',
    headers: await stack.headers('auditor'),
    body: JSON.stringify({
      payloads: failures.map(({ encodedAttributes }) => ({
        metadata: Object.fromEntries(
          Object.entries(encodedAttributes?.metadata ?? {}).map(([k, v]) => [k, base64(v)]),
        ),
        data: base64(encodedAttributes?.data),
      })),
    }),
  });
  expect(decode.status).toBe(200);
  const attributes = ((await decode.json()) as { payloads: { data: string }[] }).payloads.map(
    (p) =>
      JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')) as { message: string; stack_trace: string },
  );
  expect(attributes.map((a) => a.message)).toEqual(
    expect.arrayContaining([`could not record ${value}`, 'PostgreSQL error 22P02 (data exception)']),
  );
  const databaseFailure = attributes.find((a) => a.message.startsWith('PostgreSQL error'))!;
  expect(databaseFailure.stack_trace).toMatch(/^QueryFailedError: PostgreSQL error 22P02/);
  expectNoPersonalData(JSON.stringify(databaseFailure), 'the decoded database failure');

  // The SDK logged each failed attempt, through the project's logger, without the value.
  const attemptsLogged = stack.logs.filter((line) => line.includes('"Activity failed"'));
  expect(attemptsLogged.length).toBeGreaterThanOrEqual(3);
  expect(attemptsLogged[0]).toContain('22P02');
  expectNoPersonalData(stack.logs.join('\n'), 'API, worker and SDK logs');
});

it('keeps personal data out of logs and history while a department is down and its step retries and fails', async () => {
  const key = `leak-down-${Date.now()}`;
  await publishTestDefinition(stack.dataSource, autoDefinition(key, { retries: 2 }));
  await stack.controlDepartment('credit', { mode: 'down' });
  try {
    const caseId = await submitCase(stack, key, autoApplication({ residentId }));
    await waitUntil(
      'the credit step to fail',
      async () => {
        const view = (await (
          await fetch(`${stack.baseUrl}/cases/${caseId}`, { headers: await stack.headers('applicant') })
        ).json()) as { steps: { stepId: string; status: string }[] };
        return view.steps.some((s) => s.stepId === 'creditCheck' && s.status === 'failed') || undefined;
      },
      45_000,
    );
    const cancel = await fetch(`${stack.baseUrl}/cases/${caseId}/cancel`, {
      method: 'POST',
      headers: await stack.headers('administrator'),
      body: JSON.stringify({ reason: 'Test over' }),
    });
    expect(cancel.status).toBe(202);
    const events = await rawHistory(`case-${caseId}`);
    expect(failuresIn(events).length).toBeGreaterThan(0);
    expectNoPersonalData(asText(events), 'raw history of the case whose department was down');
    expectNoPersonalData(stack.logs.join('\n'), 'API, worker and SDK logs');
  } finally {
    await stack.controlDepartment('credit', { mode: 'normal' });
  }
});

it('keeps an ID number and a phone number typed into a decision’s reason out of logs and, in the clear, out of history', async () => {
  const caseId = await submitCase(stack, 'talent-introduction', exampleApplication());
  const task = await waitUntil(
    'the task',
    async () => (await stack.dataSource.getRepository(TaskEntity).findOneBy({ caseId })) ?? undefined,
  );
  const decision = await fetch(`${stack.baseUrl}/tasks/${task.id}/decision`, {
    method: 'POST',
    headers: await stack.headers('department_worker'),
    body: JSON.stringify({ decision: 'rejected', reason: `申请人 ${residentId}（电话 ${mobile}）材料不符` }),
  });
  expect(decision.status).toBeLessThan(300);
  await stack.client.workflow.getHandle(`case-${caseId}`).result();
  for (const workflowId of [`case-${caseId}`, task.workflowId]) {
    expectNoPersonalData(asText(await rawHistory(workflowId)), `raw history of ${workflowId}`);
  }
  expectNoPersonalData(stack.logs.join('\n'), 'API, worker and SDK logs');
});
