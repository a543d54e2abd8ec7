import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { LocalizedText } from '@onething/definition';

/** What an applicant or a supervisor is told about; the table's CHECK lists the same values. */
export const NOTIFICATION_KINDS = [
  'material-requested',
  'case-result',
  'withdrawal-confirmed',
  'case-cancelled',
  'task-escalated',
  'task-cancelled',
  // A proactive case waits for the person's confirmation; a pledged approval was revoked on verification.
  'proactive-offer',
  'pledge-revoked',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_DELIVERY_STATUSES = ['delivered', 'failed'] as const;
export type NotificationDeliveryStatus = (typeof NOTIFICATION_DELIVERY_STATUSES)[number];

/**
 * One notification for one recipient: the in-app inbox row, and what every channel delivers. Title and
 * body may hold case details, so they stay in this table and never reach a log.
 */
@Entity({ name: 'notifications' })
@Unique('notifications_dedupe', ['dedupeKey', 'recipientAccountId'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'recipient_account_id', type: 'uuid' })
  recipientAccountId!: string;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  @Column({ type: 'jsonb' })
  title!: LocalizedText;

  @Column({ type: 'jsonb' })
  body!: LocalizedText;

  @Column({ type: 'jsonb' })
  data!: Record<string, string>;

  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}

/** One attempt of one channel to deliver one notification (append-only: a retry adds a row). */
@Entity({ name: 'notification_deliveries' })
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'notification_id', type: 'uuid' })
  notificationId!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  status!: NotificationDeliveryStatus;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'attempted_at', type: 'timestamptz' })
  attemptedAt!: Date;
}
