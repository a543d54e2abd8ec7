import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Events written in the same transaction as the state change they describe, delivered at least once
 * afterwards. Payloads hold ids and states only, never personal data.
 */
@Entity({ name: 'outbox_events' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'aggregate_type', type: 'text' })
  aggregateType!: string;

  @Column({ name: 'aggregate_id', type: 'text' })
  aggregateId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;

  @Column({ name: 'dispatch_attempts', type: 'int', default: 0 })
  dispatchAttempts!: number;

  /** When the event's webhook deliveries were written. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  /** When the broker (NATS JetStream) acknowledged the event; stays null where there is no broker. */
  @Column({ name: 'brokered_at', type: 'timestamptz', nullable: true })
  brokeredAt!: Date | null;
}
