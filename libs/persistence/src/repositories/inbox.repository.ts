import type { EntityManager } from 'typeorm';
import {
  NotificationDeliveryEntity,
  NotificationEntity,
  type NotificationDeliveryStatus,
  type NotificationKind,
} from '../entities/notification.entities';
import { keysetPage, keysetRawPage, type KeysetColumn, type KeysetResult } from './keyset';

export interface InboxFilter {
  recipientAccountId: string;
  unread?: boolean;
  kind?: NotificationKind;
  caseId?: string;
  /** The sort key of the previous page's last notification (`INBOX_ORDER`). */
  after?: string[];
  limit: number;
}

export interface DeliveryLogFilter {
  status?: NotificationDeliveryStatus;
  channel?: string;
  caseId?: string;
  /** The sort key of the previous page's last attempt (`DELIVERY_LOG_ORDER`). */
  after?: string[];
  limit: number;
}

/** Newest first, the id breaking ties. */
export const INBOX_ORDER: KeysetColumn[] = [
  { sql: 'n.created_at', direction: 'DESC' },
  { sql: 'n.id', direction: 'ASC' },
];
export const DELIVERY_LOG_ORDER: KeysetColumn[] = [
  { sql: 'd.attempted_at', direction: 'DESC' },
  { sql: 'd.id', direction: 'DESC' },
];

/** One delivery attempt with the notification it delivered (kind, case, recipient). */
export interface DeliveryLogRow {
  id: string;
  notificationId: string;
  channel: string;
  status: NotificationDeliveryStatus;
  error: string | null;
  attemptedAt: Date;
  kind: NotificationKind;
  caseId: string | null;
  recipientAccountId: string;
}

/** The read side of notifications: a person's inbox and the delivery log. */
export class InboxRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(NotificationEntity);
  }

  /** One page of the recipient's notifications, newest first, with the total and the unread count. */
  async page(filter: InboxFilter): Promise<KeysetResult<NotificationEntity> & { unread: number }> {
    const recipient = filter.recipientAccountId;
    const rows = this.rows
      .createQueryBuilder('n')
      .where('n.recipient_account_id = :recipient', { recipient });
    if (filter.unread) rows.andWhere('n.read_at IS NULL');
    if (filter.kind) rows.andWhere('n.kind = :kind', { kind: filter.kind });
    if (filter.caseId) rows.andWhere('n.case_id = :caseId', { caseId: filter.caseId });
    const [page, unread] = await Promise.all([
      keysetPage(rows, INBOX_ORDER, { after: filter.after, limit: filter.limit, withTotal: true }),
      this.rows
        .createQueryBuilder('n')
        .where('n.recipient_account_id = :recipient AND n.read_at IS NULL', { recipient })
        .getCount(),
    ]);
    return { ...page, unread };
  }

  /** Marks it read (the first read time is kept); null when the recipient has no such notification. */
  async markRead(id: string, recipientAccountId: string): Promise<NotificationEntity | null> {
    await this.rows
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'now()' })
      .where('id = :id AND recipient_account_id = :recipientAccountId AND read_at IS NULL', {
        id,
        recipientAccountId,
      })
      .execute();
    return this.rows.findOneBy({ id, recipientAccountId });
  }

  /** Every delivery attempt, newest first. */
  deliveries(filter: DeliveryLogFilter): Promise<KeysetResult<DeliveryLogRow>> {
    const rows = this.manager
      .createQueryBuilder()
      .from(NotificationDeliveryEntity, 'd')
      .innerJoin(NotificationEntity, 'n', 'n.id = d.notification_id');
    if (filter.status) rows.andWhere('d.status = :status', { status: filter.status });
    if (filter.channel) rows.andWhere('d.channel = :channel', { channel: filter.channel });
    if (filter.caseId) rows.andWhere('n.case_id = :caseId', { caseId: filter.caseId });
    rows.select([
      'd.id AS "id"',
      'd.notification_id AS "notificationId"',
      'd.channel AS "channel"',
      'd.status AS "status"',
      'd.error AS "error"',
      'd.attempted_at AS "attemptedAt"',
      'n.kind AS "kind"',
      'n.case_id AS "caseId"',
      'n.recipient_account_id AS "recipientAccountId"',
    ]);
    // No total: the log grows with every notification and counting it is not cheap.
    return keysetRawPage<DeliveryLogRow>(rows, DELIVERY_LOG_ORDER, {
      after: filter.after,
      limit: filter.limit,
    });
  }
}
