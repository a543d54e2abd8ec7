import { In, type EntityManager } from 'typeorm';
import {
  WebhookDeliveryAttemptEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
  type WebhookAttemptOutcome,
  type WebhookDeliveryStatus,
} from '../entities/webhook.entities';
import { keysetPage, type KeysetRequest, type KeysetResult } from './keyset';

export type NewWebhookSubscription = Pick<
  WebhookSubscriptionEntity,
  'id' | 'department' | 'url' | 'eventTypes' | 'description' | 'active' | 'secretSealed' | 'createdBy'
>;
export type WebhookSubscriptionChange = Partial<
  Pick<WebhookSubscriptionEntity, 'url' | 'eventTypes' | 'description' | 'active'>
>;

/** Subscriptions: administrators' and department systems' wishes, each with its sealed secret. */
export class WebhookSubscriptionRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(WebhookSubscriptionEntity);
  }

  async insert(subscription: NewWebhookSubscription): Promise<WebhookSubscriptionEntity> {
    await this.rows.insert(subscription);
    return this.rows.findOneByOrFail({ id: subscription.id });
  }

  find(id: string): Promise<WebhookSubscriptionEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** The subscriptions of `ids` (one query for a batch of deliveries). */
  findMany(ids: readonly string[]): Promise<WebhookSubscriptionEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.rows.findBy({ id: In([...ids]) });
  }

  /** Every subscription: a paused one keeps receiving deliveries, sent once it is resumed. */
  all(): Promise<WebhookSubscriptionEntity[]> {
    return this.rows.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Oldest first; of one department when given (null: those without a department). */
  page(
    filter: { department?: string | null },
    page: KeysetRequest,
  ): Promise<KeysetResult<WebhookSubscriptionEntity>> {
    const query = this.rows.createQueryBuilder('s');
    if (filter.department === null) query.where('s.department IS NULL');
    else if (filter.department !== undefined)
      query.where('s.department = :department', { department: filter.department });
    return keysetPage(
      query,
      [
        { sql: 's.created_at', direction: 'ASC' },
        { sql: 's.id', direction: 'ASC' },
      ],
      page,
    );
  }

  async update(id: string, change: WebhookSubscriptionChange): Promise<boolean> {
    const result = await this.rows.update({ id }, { ...change, updatedAt: () => 'now()' });
    return result.affected === 1;
  }

  /** The new secret signs from now on; the one it replaces signs beside it until `previousUntil`. */
  async rotateSecret(id: string, secretSealed: string, previousSealed: string, previousUntil: Date) {
    const result = await this.rows.update(
      { id },
      {
        secretSealed,
        previousSecretSealed: previousSealed,
        previousSecretExpiresAt: previousUntil,
        secretRotatedAt: () => 'now()',
        updatedAt: () => 'now()',
      },
    );
    return result.affected === 1;
  }

  /** Deletes the subscription with its deliveries and their attempts (cascade). */
  async delete(id: string): Promise<boolean> {
    const result = await this.rows.delete({ id });
    return result.affected === 1;
  }
}

export type NewWebhookDelivery = Pick<
  WebhookDeliveryEntity,
  'id' | 'subscriptionId' | 'eventId' | 'eventType' | 'aggregateKey'
>;

/** What one HTTP attempt came to, and what follows: delivered, another try at `retryAt`, or dead. */
export interface AttemptRecord {
  attempt: number;
  startedAt: Date;
  latencyMs: number;
  outcome: WebhookAttemptOutcome;
  responseStatus: number | null;
  error: string | null;
  /** For a failed attempt: when to try again, or null when it was the last (a dead letter). */
  retryAt: Date | null;
}

export interface DeliveryFilter {
  subscriptionId?: string;
  status?: WebhookDeliveryStatus;
  /** Only deliveries of subscriptions of this department. */
  department?: string;
}

/**
 * Deliveries of events to subscriptions, and the log of their attempts. A delivery is claimed with a
 * lease (so no long transaction spans an HTTP call), and only when no earlier delivery of the same case
 * to the same subscription is still pending: one in flight per case and subscription, in event order.
 */
export class WebhookDeliveryRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(WebhookDeliveryEntity);
  }

  private get attemptRows() {
    return this.manager.getRepository(WebhookDeliveryAttemptEntity);
  }

  /** Writes the deliveries; one already written for the same event and subscription is kept as it is. */
  async insertMany(deliveries: readonly NewWebhookDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.rows
      .createQueryBuilder()
      .insert()
      .values(deliveries.map((delivery) => ({ ...delivery, status: 'pending' as const })))
      .orIgnore()
      .execute();
  }

  /**
   * Up to `limit` due deliveries of active subscriptions, each the earliest pending one of its case for
   * its subscription, leased for `leaseMs` and counted as an attempt. Rows another dispatcher is
   * claiming at the same moment are skipped (SKIP LOCKED), so replicas never send the same delivery twice
   * at once; a lease that runs out (a dispatcher died mid-call) makes the delivery due again.
   */
  async claimDue(limit: number, leaseMs: number): Promise<WebhookDeliveryEntity[]> {
    const [claimed]: [{ id: string }[], number] = await this.manager.query(
      `UPDATE webhook_deliveries d
          SET lease_until = now() + make_interval(secs => $2::float8 / 1000), attempts = d.attempts + 1
        WHERE d.id IN (
          SELECT c.id FROM webhook_deliveries c
            JOIN webhook_subscriptions s ON s.id = c.subscription_id AND s.active
           WHERE c.status = 'pending' AND c.next_attempt_at <= now()
             AND (c.lease_until IS NULL OR c.lease_until < now())
             AND NOT EXISTS (
               SELECT 1 FROM webhook_deliveries e
                WHERE e.subscription_id = c.subscription_id AND e.aggregate_key = c.aggregate_key
                  AND e.status = 'pending' AND e.event_id < c.event_id)
           ORDER BY c.next_attempt_at, c.event_id
           LIMIT $1
           FOR UPDATE OF c SKIP LOCKED)
        RETURNING d.id`,
      [limit, leaseMs],
    );
    if (claimed.length === 0) return [];
    return this.rows.find({
      where: { id: In(claimed.map((row) => row.id)) },
      order: { eventId: 'ASC' },
    });
  }

  /**
   * Logs the attempt and moves the delivery on, if it is still the pending delivery this dispatcher
   * leased (an administrator may have redelivered it meanwhile: the log keeps the attempt either way).
   */
  async recordAttempt(delivery: WebhookDeliveryEntity, record: AttemptRecord): Promise<void> {
    await this.attemptRows.insert({
      deliveryId: delivery.id,
      attempt: record.attempt,
      startedAt: record.startedAt,
      latencyMs: record.latencyMs,
      outcome: record.outcome,
      responseStatus: record.responseStatus,
      error: record.error,
    });
    const last = { lastResponseStatus: record.responseStatus, lastError: record.error, leaseUntil: null };
    const next: Partial<WebhookDeliveryEntity> =
      record.outcome === 'delivered'
        ? { ...last, status: 'delivered', deliveredAt: new Date() }
        : record.retryAt
          ? { ...last, failedAttempts: delivery.failedAttempts + 1, nextAttemptAt: record.retryAt }
          : { ...last, failedAttempts: delivery.failedAttempts + 1, status: 'dead', deadAt: new Date() };
    await this.rows.update({ id: delivery.id, status: 'pending', attempts: record.attempt }, next);
  }

  /** A dead or delivered delivery goes out again now, with a fresh retry budget; false otherwise. */
  async redeliver(id: string): Promise<boolean> {
    const result = await this.rows.update(
      { id, status: In(['dead', 'delivered']) },
      {
        status: 'pending',
        failedAttempts: 0,
        nextAttemptAt: () => 'now()',
        leaseUntil: null,
        deadAt: null,
        deliveredAt: null,
      },
    );
    return result.affected === 1;
  }

  find(id: string): Promise<WebhookDeliveryEntity | null> {
    return this.rows.findOneBy({ id });
  }

  attemptsOf(deliveryId: string): Promise<WebhookDeliveryAttemptEntity[]> {
    return this.attemptRows.find({ where: { deliveryId }, order: { attempt: 'ASC' } });
  }

  /** Newest event first. Dead letters (status `dead`) are listed newest death first. */
  page(filter: DeliveryFilter, page: KeysetRequest): Promise<KeysetResult<WebhookDeliveryEntity>> {
    const query = this.rows.createQueryBuilder('d');
    if (filter.subscriptionId)
      query.andWhere('d.subscription_id = :subscriptionId', { subscriptionId: filter.subscriptionId });
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.department)
      query.andWhere(
        'd.subscription_id IN (SELECT s.id FROM webhook_subscriptions s WHERE s.department = :department)',
        { department: filter.department },
      );
    const order =
      filter.status === 'dead'
        ? { sql: 'd.dead_at', direction: 'DESC' as const }
        : { sql: 'd.event_id', direction: 'DESC' as const };
    return keysetPage(query, [order, { sql: 'd.id', direction: 'ASC' }], page);
  }
}
