import type {
  WebhookDeliveryAttemptEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
} from '@onething/persistence';
import { eventIdOf } from '@onething/events';

export function toSubscriptionView(subscription: WebhookSubscriptionEntity) {
  return {
    id: subscription.id,
    department: subscription.department,
    url: subscription.url,
    eventTypes: subscription.eventTypes,
    description: subscription.description,
    active: subscription.active,
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
    secretRotatedAt: subscription.secretRotatedAt?.toISOString() ?? null,
    previousSecretExpiresAt: subscription.previousSecretExpiresAt?.toISOString() ?? null,
  };
}
export type SubscriptionView = ReturnType<typeof toSubscriptionView>;

/** `case:<id>` → `cases/<id>`, the CloudEvents subject the receiver saw. */
const subjectOfKey = (key: string) => {
  const [type, ...id] = key.split(':');
  return `${type === 'case' ? 'cases' : type}/${id.join(':')}`;
};

export function toDeliveryView(delivery: WebhookDeliveryEntity) {
  return {
    id: delivery.id,
    subscriptionId: delivery.subscriptionId,
    eventId: eventIdOf(delivery.eventId),
    sequence: delivery.eventId,
    eventType: delivery.eventType,
    subject: subjectOfKey(delivery.aggregateKey),
    status: delivery.status,
    attempts: delivery.attempts,
    failedAttempts: delivery.failedAttempts,
    nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
    lastResponseStatus: delivery.lastResponseStatus,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    deadAt: delivery.deadAt?.toISOString() ?? null,
  };
}
export type DeliveryView = ReturnType<typeof toDeliveryView>;

export function toAttemptView(attempt: WebhookDeliveryAttemptEntity) {
  return {
    attempt: attempt.attempt,
    startedAt: attempt.startedAt.toISOString(),
    latencyMs: attempt.latencyMs,
    outcome: attempt.outcome,
    responseStatus: attempt.responseStatus,
    error: attempt.error,
  };
}
