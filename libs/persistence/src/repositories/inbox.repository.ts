import type { EntityManager } from 'typeorm';
import {
  NotificationDeliveryEntity,
  NotificationEntity,
  type NotificationDeliveryStatus,
  type NotificationKind,
} from '../entities/notification.entities';

export interface InboxFilter {
  recipientAccountId: string;
  unread?: boolean;
  kind?: NotificationKind;
  caseId?: string;
  page: number;
  pageSize: number;
}

export interface DeliveryLogFilter {
  status?: NotificationDeliveryStatus;
  channel?: string;
  caseId?: string;
  page: number;
  pageSize: number;
}

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
  async page(filter: InboxFilter): Promise<{ items: NotificationEntity[]; total: number; unread: number }> {
    const recipient = filter.recipientAccountId;
    const rows = this.rows
      .createQueryBuilder('n')
      .where('n.recipient_account_id = :recipient', { recipient });
    if (filter.unread) rows.andWhere('n.read_at IS NULL');
    if (filter.kind) rows.andWhere('n.kind = :kind', { kind: filter.kind });
    if (filter.caseId) rows.andWhere('n.case_id = :caseId', { caseId: filter.caseId });
    const [[items, total], unread] = await Promise.all([
      rows
        .orderBy('n.created_at', 'DESC')
        .addOrderBy('n.id', 'DESC')
        .skip((filter.page - 1) * filter.pageSize)
        .take(filter.pageSize)
        .getManyAndCount(),
      this.rows
        .createQueryBuilder('n')
        .where('n.recipient_account_id = :recipient AND n.read_at IS NULL', { recipient })
        .getCount(),
    ]);
    return { items, total, unread };
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
  async deliveries(filter: DeliveryLogFilter): Promise<{ items: DeliveryLogRow[]; total: number }> {
    const rows = this.manager
      .createQueryBuilder()
      .from(NotificationDeliveryEntity, 'd')
      .innerJoin(NotificationEntity, 'n', 'n.id = d.notification_id');
    if (filter.status) rows.andWhere('d.status = :status', { status: filter.status });
    if (filter.channel) rows.andWhere('d.channel = :channel', { channel: filter.channel });
    if (filter.caseId) rows.andWhere('n.case_id = :caseId', { caseId: filter.caseId });
    const [items, total] = await Promise.all([
      rows
        .clone()
        .select([
          'd.id AS "id"',
          'd.notification_id AS "notificationId"',
          'd.channel AS "channel"',
          'd.status AS "status"',
          'd.error AS "error"',
          'd.attempted_at AS "attemptedAt"',
          'n.kind AS "kind"',
          'n.case_id AS "caseId"',
          'n.recipient_account_id AS "recipientAccountId"',
        ])
        .orderBy('d.attempted_at', 'DESC')
        .addOrderBy('d.id')
        .limit(filter.pageSize)
        .offset((filter.page - 1) * filter.pageSize)
        .getRawMany<DeliveryLogRow>(),
      rows.clone().select('count(*)::int', 'total').getRawOne<{ total: number }>(),
    ]);
    return { items, total: total?.total ?? 0 };
  }
}
