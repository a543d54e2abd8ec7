import type { OutboxEventEntity } from '@onething/persistence';
import { HTTP } from 'cloudevents';
import { eventIdOf, structuredBody, subjectOf, toCloudEvent } from './cloud-event';
import { carriesContractFields, idsOnly, subscriptionReceives } from './event-content';

function outboxEvent(type: string, payload: Record<string, unknown>): OutboxEventEntity {
  return {
    id: '42',
    aggregateType: 'case',
    aggregateId: '6f1c2a9e-8d1b-4d53-9a3e-2b9c1f0e7a11',
    type,
    payload,
    createdAt: new Date('2026-11-30T02:00:00.000Z'),
    dispatchedAt: null,
    dispatchAttempts: 0,
    publishedAt: null,
    brokeredAt: null,
  };
}

const caseId = '6f1c2a9e-8d1b-4d53-9a3e-2b9c1f0e7a11';

describe('what an event may carry out', () => {
  it('keeps ids, codes and states, and drops free text and anything unknown', () => {
    const event = outboxEvent('task.reassigned', {
      caseId,
      taskId: 't-1',
      stepId: 'talent-office',
      from: 'hr',
      to: 'talent',
      reason: '张三 asked for it on 13800138000',
      fullName: '张三',
      fields: ['residentId'],
      nested: { residentId: '11010519491231002X' },
    });
    expect(idsOnly(event)).toEqual({
      caseId,
      taskId: 't-1',
      stepId: 'talent-office',
      from: 'hr',
      to: 'talent',
    });
  });

  it("sends a department's subscription only events of cases it works on, or that name it", () => {
    const subscription = { department: 'hr', eventTypes: ['*'] };
    const opened = outboxEvent('task.opened', { caseId, department: 'talent' });
    expect(subscriptionReceives(subscription, opened, new Set(['hr', 'talent']))).toBe(true);
    expect(subscriptionReceives(subscription, opened, new Set(['talent']))).toBe(false);
    const escalated = outboxEvent('task.escalated', { caseId, from: 'talent', to: 'hr' });
    expect(subscriptionReceives(subscription, escalated, new Set(['talent']))).toBe(true);
    expect(subscriptionReceives({ department: null, eventTypes: ['task.*'] }, opened, undefined)).toBe(true);
    expect(subscriptionReceives({ department: null, eventTypes: ['case.*'] }, opened, undefined)).toBe(false);
  });

  it('gives contract fields only with task.opened, to the department the task opened in', () => {
    const opened = outboxEvent('task.opened', { caseId, taskId: 't-1', stepId: 's', department: 'hr' });
    expect(carriesContractFields({ department: 'hr' }, opened)).toBe(true);
    expect(carriesContractFields({ department: 'talent' }, opened)).toBe(false);
    expect(carriesContractFields({ department: null }, opened)).toBe(false);
    expect(carriesContractFields({ department: 'hr' }, { ...opened, type: 'task.escalated' })).toBe(false);
  });
});

describe('CloudEvents 1.0', () => {
  it('builds a structured-mode event the cloudevents library reads back', () => {
    const event = outboxEvent('task.opened', { caseId, taskId: 't-1' });
    const cloudEvent = toCloudEvent(event, 'https://onething.example', idsOnly(event));
    const { contentType, body } = structuredBody(cloudEvent);
    expect(contentType).toBe('application/cloudevents+json; charset=utf-8');
    const parsed = JSON.parse(body);
    expect(parsed).toMatchObject({
      specversion: '1.0',
      id: eventIdOf('42'),
      source: 'https://onething.example',
      type: 'task.opened',
      subject: subjectOf(event),
      time: '2026-11-30T02:00:00.000Z',
      sequence: '42',
      data: { caseId, taskId: 't-1' },
    });
    const received = HTTP.toEvent({ headers: { 'content-type': contentType }, body });
    expect(received).toMatchObject({ id: 'evt_42', subject: `cases/${caseId}` });
  });
});
