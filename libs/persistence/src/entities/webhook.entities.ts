import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export const WEBHOOK_ATTEMPT_OUTCOMES = ['delivered', 'failed'] as const;
export type WebhookAttemptOutcome = (typeof WEBHOOK_ATTEMPT_OUTCOMES)[number];

/**
 * Where a subscriber wants events. A department's subscription receives the events of cases its
 * department works on, with that department's contract fields where an event carries data; one without
 * a department receives ids only. The secret is sealed (SecretBox) and shown once, when it is made.
 */
@Entity({ name: 'webhook_subscriptions' })
export class WebhookSubscriptionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', nullable: true })
  department!: string | null;

  @Column({ type: 'text' })
  url!: string;

  /** Exact types (`task.opened`) or prefixes ending in `*` (`task.*`, `*`). */
  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes!: string[];

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed!: string;

  /** The secret a rotation replaced: it keeps signing beside the new one until it expires. */
  @Column({ name: 'previous_secret_sealed', type: 'text', nullable: true })
  previousSecretSealed!: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column({ name: 'secret_rotated_at', type: 'timestamptz', nullable: true })
  secretRotatedAt!: Date | null;

  /** The principal that made it: an account id or a department credential id. */
  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** One outbox event to one subscription: pending until delivered, or dead after its last attempt. */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @Column({ name: 'event_id', type: 'bigint' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  /** `<aggregate type>:<aggregate id>` (`case:<id>`): deliveries of one key go out in event order. */
  @Column({ name: 'aggregate_key', type: 'text' })
  aggregateKey!: string;

  @Column({ type: 'text' })
  status!: WebhookDeliveryStatus;

  /** Every attempt ever made (numbers the attempt log). */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** Failures since the delivery last started (a redelivery starts over): the backoff's exponent. */
  @Column({ name: 'failed_attempts', type: 'int', default: 0 })
  failedAttempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  /** While set and in the future, one dispatcher holds the delivery (its HTTP call is under way). */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'last_response_status', type: 'int', nullable: true })
  lastResponseStatus!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'dead_at', type: 'timestamptz', nullable: true })
  deadAt!: Date | null;
}

/** One HTTP attempt of one delivery (append-only). */
@Entity({ name: 'webhook_delivery_attempts' })
export class WebhookDeliveryAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId!: string;

  @Column({ type: 'int' })
  attempt!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'latency_ms', type: 'int' })
  latencyMs!: number;

  @Column({ type: 'text' })
  outcome!: WebhookAttemptOutcome;

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus!: number | null;

  /** What went wrong, in the dispatcher's words (a network error, a timeout, the status): no body. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
