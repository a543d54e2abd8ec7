import type { OutboxEventEntity, WebhookSubscriptionEntity } from '@onething/persistence';
import type { EventData } from './cloud-event';
import { matchesEventType } from './event-types';

/**
 * What of an event's payload may leave without a data contract: ids, codes and states. Anything else
 * (a reason a person typed, field values, names) stays home, even where a payload carries it, so a new
 * payload key is withheld until someone adds it here on purpose.
 */
const SHAREABLE_KEYS = new Set([
  'caseId',
  'definitionKey',
  'definitionVersion',
  'stepId',
  'stepIds',
  'taskId',
  'taskIds',
  'department',
  'from',
  'to',
  'escalatedTo',
  'decision',
  'departmentAnswer',
  'action',
  'status',
  'noticeId',
  'commentId',
  'visibleToApplicant',
  'assigneeAccountId',
  'actorAccountId',
  'submittedAtMs',
]);

const isShareableValue = (value: unknown): boolean =>
  value === null ||
  ['string', 'number', 'boolean'].includes(typeof value) ||
  (Array.isArray(value) && value.every((item) => typeof item === 'string'));

/** The event's ids and codes only (see SHAREABLE_KEYS). */
export function idsOnly(event: Pick<OutboxEventEntity, 'payload'>): EventData {
  return Object.fromEntries(
    Object.entries(event.payload).filter(
      ([key, value]) => SHAREABLE_KEYS.has(key) && isShareableValue(value),
    ),
  );
}

/** Departments an event names (a task's department, where an escalation moved it from and to). */
function departmentsNamedBy(event: Pick<OutboxEventEntity, 'payload'>): string[] {
  const { department, from, to } = event.payload;
  return [department, from, to].filter((value): value is string => typeof value === 'string');
}

/**
 * Whether a subscription receives an event: its type filters match, and, for a department's
 * subscription, the event is of a case the department has a step in (or names the department). A
 * subscription without a department receives every matching event, with ids only.
 */
export function subscriptionReceives(
  subscription: Pick<WebhookSubscriptionEntity, 'department' | 'eventTypes'>,
  event: Pick<OutboxEventEntity, 'type' | 'aggregateType' | 'payload'>,
  caseDepartments: ReadonlySet<string> | undefined,
): boolean {
  if (!matchesEventType(subscription.eventTypes, event.type)) return false;
  const department = subscription.department;
  if (department === null) return true;
  if (event.aggregateType !== 'case') return false;
  return caseDepartments?.has(department) === true || departmentsNamedBy(event).includes(department);
}

/** `task.opened` for the department it was opened in: the one event that carries contract fields. */
export function carriesContractFields(
  subscription: Pick<WebhookSubscriptionEntity, 'department'>,
  event: Pick<OutboxEventEntity, 'type' | 'payload'>,
): event is Pick<OutboxEventEntity, 'type'> & { payload: { taskId: string; stepId: string } } {
  return (
    event.type === 'task.opened' &&
    subscription.department !== null &&
    event.payload.department === subscription.department &&
    typeof event.payload.taskId === 'string'
  );
}
