import { EVENT_TYPE_FILTER_PATTERN, matchesEventType } from './event-types';

describe('event type filters', () => {
  it('match exact types, dotted prefixes and everything', () => {
    expect(matchesEventType(['task.opened'], 'task.opened')).toBe(true);
    expect(matchesEventType(['task.opened'], 'task.opened.again')).toBe(false);
    expect(matchesEventType(['task.*'], 'task.escalated')).toBe(true);
    expect(matchesEventType(['task.*'], 'tasks.opened')).toBe(false);
    expect(matchesEventType(['case.step.*'], 'case.step.sla-breached')).toBe(true);
    expect(matchesEventType(['case.completed', 'task.*'], 'case.submitted')).toBe(false);
    expect(matchesEventType(['*'], 'material.notice-sent')).toBe(true);
  });

  it('accept only well-formed filters', () => {
    for (const good of ['*', 'task.*', 'task.opened', 'case.step.sla-breached'])
      expect(EVENT_TYPE_FILTER_PATTERN.test(good)).toBe(true);
    for (const bad of ['', 'task.', '*.opened', 'task.**', 'Task.Opened', 'task opened', 'task.>'])
      expect(EVENT_TYPE_FILTER_PATTERN.test(bad)).toBe(false);
  });
});
