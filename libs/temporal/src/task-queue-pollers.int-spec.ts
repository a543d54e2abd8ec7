import { randomUUID } from 'node:crypto';
import { startTestStack, TestStack, waitUntil } from '@onething/testing';
import { workerPolls } from './task-queue-pollers';

// What `npm start` waits for before it says "Ready.": a worker polling the case task queue.
let stack: TestStack;
const startedAt = Date.now();

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('workerPolls', () => {
  it('sees the worker polling its task queue for workflow and activity tasks', async () => {
    const queue = { namespace: stack.config.temporal.namespace, taskQueue: stack.config.temporal.taskQueue };
    await waitUntil('the worker to poll', () => workerPolls(stack.client.connection, queue, startedAt));
  });

  it('sees no worker on a task queue nobody polls, nor one that polled before the given time', async () => {
    const namespace = stack.config.temporal.namespace;
    expect(
      await workerPolls(stack.client.connection, { namespace, taskQueue: `nobody-${randomUUID()}` }, 0),
    ).toBe(false);
    const queue = { namespace, taskQueue: stack.config.temporal.taskQueue };
    expect(await workerPolls(stack.client.connection, queue, Date.now() + 120_000)).toBe(false);
  });
});
