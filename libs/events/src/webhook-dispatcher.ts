import type { AccessTrail } from '@onething/audit';
import { describeError } from '@onething/logging';
import type {
  OutboxEventEntity,
  ReadModel,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
} from '@onething/persistence';
import { retryAfterMs, retryDelayMs, type BackoffPolicy } from './backoff';
import { structuredBody, toCloudEvent, type EventData } from './cloud-event';
import { carriesContractFields, idsOnly } from './event-content';
import { signWebhook } from './signing';
import type { SubscriptionSecrets } from './subscription-secrets';
import { sendWebhook, type WebhookResponse } from './webhook-sender';

export interface WebhookDispatchOptions {
  maxAttempts: number;
  backoff: BackoffPolicy;
  timeoutMs: number;
  /** The CloudEvents `source`. */
  source: string;
  /** Deliveries claimed per pass, and how many of them are sent at once. */
  batchSize?: number;
  concurrency?: number;
}

/** A lease outlives the request's own limit by this much, so a slow answer is never sent twice at once. */
const LEASE_MARGIN_MS = 5_000;

interface Claimed {
  delivery: WebhookDeliveryEntity;
  event: OutboxEventEntity;
  subscription: WebhookSubscriptionEntity;
}

/**
 * Sends due webhook deliveries: each claimed (leased) delivery becomes one signed CloudEvent POST, its
 * attempt is logged, and it is delivered, retried after an exponential backoff with jitter, or, after
 * the last attempt, dead (a dead letter an administrator may redeliver). Claims never return two
 * deliveries of one case for one subscription, so sending them in parallel keeps each case in order.
 */
export class WebhookDispatcher {
  constructor(
    private readonly readModel: ReadModel,
    private readonly secrets: SubscriptionSecrets,
    private readonly trail: AccessTrail,
    private readonly options: WebhookDispatchOptions,
  ) {}

  /** One pass: answers how many deliveries it attempted. */
  async deliverDue(): Promise<number> {
    const claimed = await this.claim();
    const concurrency = this.options.concurrency ?? 8;
    for (let start = 0; start < claimed.length; start += concurrency)
      await Promise.all(claimed.slice(start, start + concurrency).map((item) => this.attempt(item)));
    return claimed.length;
  }

  private async claim(): Promise<Claimed[]> {
    const deliveries = await this.readModel.webhookDeliveries.claimDue(
      this.options.batchSize ?? 50,
      this.options.timeoutMs + LEASE_MARGIN_MS,
    );
    if (deliveries.length === 0) return [];
    const [events, subscriptions] = await Promise.all([
      this.readModel.outbox.findMany(deliveries.map((d) => d.eventId)),
      this.readModel.webhookSubscriptions.findMany(deliveries.map((d) => d.subscriptionId)),
    ]);
    const eventById = new Map(events.map((event) => [event.id, event]));
    const subscriptionById = new Map(subscriptions.map((subscription) => [subscription.id, subscription]));
    // A subscription deleted since the claim took its deliveries with it.
    return deliveries.flatMap((delivery) => {
      const event = eventById.get(delivery.eventId);
      const subscription = subscriptionById.get(delivery.subscriptionId);
      return event && subscription ? [{ delivery, event, subscription }] : [];
    });
  }

  private async attempt({ delivery, event, subscription }: Claimed): Promise<void> {
    const startedAt = new Date();
    let response: WebhookResponse;
    try {
      response = await this.send(event, subscription);
    } catch (error) {
      // Nothing was sent (a secret that no longer opens, a task row gone): a failed attempt all the same.
      response = { delivered: false, status: null, latencyMs: 0, error: describe(error), retryAfter: null };
    }
    const failures = delivery.failedAttempts + 1;
    const lastAttempt = failures >= this.options.maxAttempts;
    await this.readModel.webhookDeliveries.recordAttempt(delivery, {
      attempt: delivery.attempts,
      startedAt,
      latencyMs: response.latencyMs,
      outcome: response.delivered ? 'delivered' : 'failed',
      responseStatus: response.status,
      error: response.error,
      retryAt: response.delivered || lastAttempt ? null : this.retryAt(failures, response.retryAfter),
    });
  }

  private retryAt(failures: number, retryAfter: string | null): Date {
    const backoff = retryDelayMs(failures, this.options.backoff);
    const asked = retryAfterMs(retryAfter, this.options.backoff) ?? 0;
    return new Date(Date.now() + Math.max(backoff, asked));
  }

  private async send(event: OutboxEventEntity, subscription: WebhookSubscriptionEntity) {
    const data = await this.contentFor(event, subscription);
    const cloudEvent = toCloudEvent(event, this.options.source, data);
    const { contentType, body } = structuredBody(cloudEvent);
    const signed = signWebhook(
      { id: cloudEvent.id, timestamp: new Date(), body },
      this.secrets.signingSecrets(subscription),
    );
    return sendWebhook({
      url: subscription.url,
      headers: { ...signed, 'content-type': contentType, 'user-agent': 'Onething-Webhooks/1' },
      body,
      timeoutMs: this.options.timeoutMs,
    });
  }

  /**
   * Ids only, except `task.opened` to the department it opened in: then the task's contract fields as
   * its worklist shows them, and the disclosure goes into the access trail like any read of them.
   */
  private async contentFor(
    event: OutboxEventEntity,
    subscription: WebhookSubscriptionEntity,
  ): Promise<EventData> {
    const ids = idsOnly(event);
    if (!carriesContractFields(subscription, event)) return ids;
    const task = await this.readModel.tasks.find(event.payload.taskId);
    if (!task) return ids;
    await this.trail.record({
      actor: { kind: 'department_system', id: `webhook:${subscription.id}` },
      role: 'department_system',
      department: subscription.department,
      caseId: task.caseId,
      resource: `webhook:${task.stepId}`,
      fields: Object.keys(task.data),
      purpose: 'case-processing',
    });
    return { ...ids, fields: task.data };
  }
}

/** The log-safe message (database values redacted), short: it is shown to administrators. */
function describe(error: unknown): string {
  const described = describeError(error);
  const message = typeof described === 'string' ? described : described.message;
  return `not sent: ${message}`.slice(0, 300);
}
