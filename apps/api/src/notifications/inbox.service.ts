import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@onething/auth';
import { ApiError, ApiErrorCode } from '@onething/http';
import { NotificationEntity } from '@onething/persistence';
import {
  DeliveryLogQuery,
  DeliveryView,
  InboxPage,
  InboxQuery,
  NotificationView,
  toNotificationView,
} from './notification.dto';

/** The read side of notifications: a person's inbox, and the delivery log for administrators and auditors. */
@Injectable()
export class InboxService {
  constructor(private readonly dataSource: DataSource) {}

  /** The caller's own notifications, newest first. */
  async list(caller: Principal, query: InboxQuery): Promise<InboxPage> {
    const recipient = recipientOf(caller);
    const rows = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.recipient_account_id = :recipient', { recipient });
    if (query.unread) rows.andWhere('n.read_at IS NULL');
    if (query.kind) rows.andWhere('n.kind = :kind', { kind: query.kind });
    if (query.caseId) rows.andWhere('n.case_id = :caseId', { caseId: query.caseId });
    const [[items, total], unreadCount] = await Promise.all([
      rows
        .orderBy('n.created_at', 'DESC')
        .addOrderBy('n.id', 'DESC')
        .skip((query.page - 1) * query.pageSize)
        .take(query.pageSize)
        .getManyAndCount(),
      this.dataSource
        .getRepository(NotificationEntity)
        .createQueryBuilder('n')
        .where('n.recipient_account_id = :recipient AND n.read_at IS NULL', { recipient })
        .getCount(),
    ]);
    return {
      items: items.map(toNotificationView),
      page: query.page,
      pageSize: query.pageSize,
      total,
      unreadCount,
    };
  }

  /**
   * Marks the caller's own notification read; the first read time is kept, so calling again changes
   * nothing. Someone else's id answers exactly like a missing one (404): ids cannot be probed.
   */
  async markRead(caller: Principal, id: string): Promise<NotificationView> {
    const recipient = recipientOf(caller);
    const repository = this.dataSource.getRepository(NotificationEntity);
    await repository
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'now()' })
      .where('id = :id AND recipient_account_id = :recipient AND read_at IS NULL', { id, recipient })
      .execute();
    const entity = await repository.findOneBy({ id, recipientAccountId: recipient });
    if (!entity) throw new ApiError(ApiErrorCode.NotFound, 'No such notification', 'id');
    return toNotificationView(entity);
  }

  /** Every delivery attempt, newest first, with the notification's kind, case and recipient. */
  async deliveries(query: DeliveryLogQuery) {
    const where = `($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d.channel = $2)
      AND ($3::uuid IS NULL OR n.case_id = $3)`;
    const filters = [query.status ?? null, query.channel ?? null, query.caseId ?? null];
    const from = `FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<DeliveryRow[]>(
        `SELECT d.id, d.notification_id, d.channel, d.status, d.error, d.attempted_at,
                n.kind, n.case_id, n.recipient_account_id
           ${from} WHERE ${where}
          ORDER BY d.attempted_at DESC, d.id
          LIMIT $4 OFFSET $5`,
        [...filters, query.pageSize, (query.page - 1) * query.pageSize],
      ),
      this.dataSource.query<{ total: number }[]>(
        `SELECT count(*)::int AS total ${from} WHERE ${where}`,
        filters,
      ),
    ]);
    return {
      items: rows.map((row): DeliveryView => ({
        id: row.id,
        notificationId: row.notification_id,
        channel: row.channel,
        status: row.status,
        error: row.error,
        attemptedAt: row.attempted_at.toISOString(),
        kind: row.kind,
        caseId: row.case_id,
        recipientAccountId: row.recipient_account_id,
      })),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }
}

interface DeliveryRow {
  id: string;
  notification_id: string;
  channel: string;
  status: DeliveryView['status'];
  error: string | null;
  attempted_at: Date;
  kind: DeliveryView['kind'];
  case_id: string | null;
  recipient_account_id: string;
}

/** Only people have an inbox (the routes admit people only; a department system has no account). */
function recipientOf(caller: Principal): string {
  if (caller.accountId === null) throw new ApiError(ApiErrorCode.Forbidden, 'Only people have an inbox');
  return caller.accountId;
}
