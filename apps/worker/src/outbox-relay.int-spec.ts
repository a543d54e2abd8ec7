import { OutboxEventEntity } from '@onething/persistence';
import {
  autoApplication,
  autoDefinition,
  publishTestDefinition,
  startTestStack,
  waitUntil,
} from '@onething/testing';
import { OutboxRelay } from './outbox-relay';

it('starts the workflow of a case the API stored while Temporal was unreachable, so nothing is lost', async () => {
  // The API cannot reach Temporal (nothing listens on port 1); the worker and its relay can.
  const stack = await startTestStack({
    apiTemporalAddress: '127.0.0.1:1',
    env: { OUTBOX_RELAY_INTERVAL_MS: '200' },
  });
  const key = `relay-${Date.now()}`;
  try {
    await publishTestDefinition(stack.dataSource, autoDefinition(key));
    const response = await fetch(`${stack.baseUrl}/cases`, {
      method: 'POST',
      headers: await stack.headers('applicant'),
      body: JSON.stringify({ definitionKey: key, application: autoApplication() }),
    });
    expect(response.status).toBe(201);
    const submitted = (await response.json()) as { id: string; status: string };
    expect(submitted.status).toBe('submitted');
    const event = await stack.dataSource
      .getRepository(OutboxEventEntity)
      .findOneByOrFail({ aggregateId: submitted.id, type: 'case.submitted' });
    expect(event.dispatchedAt).toBeNull();

    stack.workerApp!.get(OutboxRelay).start();
    const result = await waitUntil('the relayed case to finish', async () => {
      const view = (await (
        await fetch(`${stack.baseUrl}/cases/${submitted.id}`, { headers: await stack.headers('applicant') })
      ).json()) as {
        status: string;
      };
      return view.status === 'approved' ? view : undefined;
    });
    expect(result.status).toBe('approved');
    const dispatched = await stack.dataSource
      .getRepository(OutboxEventEntity)
      .findOneByOrFail({ id: event.id });
    expect(dispatched.dispatchedAt).not.toBeNull();
  } finally {
    await stack.close();
  }
});
