import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SAMPLE_CATALOG_DIRECTORY } from '@onething/definition/node';
import { signWebhook } from '@onething/events';
import { OutboxEventEntity } from '@onething/persistence';
import {
  autoApplication,
  autoDefinition,
  httpCall,
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

it('starts the offer workflow of a proactive case the API stored while Temporal was unreachable', async () => {
  const stack = await startTestStack({
    apiTemporalAddress: '127.0.0.1:1',
    env: { OUTBOX_RELAY_INTERVAL_MS: '200' },
  });
  const key = 'talent-housing-subsidy-proactive';
  try {
    await publishTestDefinition(
      stack.dataSource,
      readFileSync(`${SAMPLE_CATALOG_DIRECTORY}/${key}.yaml`, 'utf8'),
    );
    const source = await httpCall(stack.baseUrl, 'POST', '/admin/inbound-sources', {
      headers: await stack.headers('administrator'),
      body: { code: 'relay-source', department: 'talent-office' },
    });
    expect(source.status).toBe(201);
    const event = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'relay-source',
      type: 'gov.talent-office.talent-certified',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: {
        talentLevel: 'A',
        city: 'hangzhou',
        person: {
          username: stack.accounts.applicant.username,
          name: '王五六',
          residentId: '11010519491231002X',
        },
      },
    };
    const body = JSON.stringify(event);
    const received = await httpCall(stack.baseUrl, 'POST', '/events/inbound', {
      raw: body,
      headers: signWebhook({ id: event.id, timestamp: new Date(), body }, [source.body.secret as string]),
    });
    // The case is stored and the event answered although its workflow could not start.
    expect(received.status).toBe(202);
    const caseId = received.body.cases[0].caseId as string;
    const offered = await stack.dataSource
      .getRepository(OutboxEventEntity)
      .findOneByOrFail({ aggregateId: caseId, type: 'case.offered' });
    expect(offered.dispatchedAt).toBeNull();

    stack.workerApp!.get(OutboxRelay).start();
    // The offer workflow's first activity tells the person: the relay started it.
    await waitUntil('the relayed offer notification', async () => {
      const inbox = await httpCall(stack.baseUrl, 'GET', '/me/notifications?limit=50', {
        headers: await stack.headers('applicant'),
      });
      return inbox.body.items.find(
        (n: { kind: string; caseId: string }) => n.kind === 'proactive-offer' && n.caseId === caseId,
      );
    });
    const dispatched = await stack.dataSource
      .getRepository(OutboxEventEntity)
      .findOneByOrFail({ id: offered.id });
    expect(dispatched.dispatchedAt).not.toBeNull();
  } finally {
    await stack.close();
  }
});
