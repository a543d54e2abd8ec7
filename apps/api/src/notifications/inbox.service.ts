import { Injectable } from '@nestjs/common';
import type { Principal } from '@onething/auth';
import { ApiError, ApiErrorCode } from '@onething/http';
import { ReadModel } from '@onething/persistence';
import {
  deliveryLogCursor,
  inboxCursor,
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
  constructor(private readonly readModel: ReadModel) {}

  /** The caller's own notifications, newest first. */
  async list(caller: Principal, query: InboxQuery): Promise<InboxPage> {
    const recipient = recipientOf(caller);
    const { cursor, ...filter } = query;
    const { items, lastKey, total, unread } = await this.readModel.inbox.page({
      ...filter,
      after: inboxCursor.decode(cursor),
      recipientAccountId: recipient,
    });
    return { ...inboxCursor.page(items.map(toNotificationView), lastKey, total), unreadCount: unread };
  }

  /**
   * Marks the caller's own notification read; the first read time is kept, so calling again changes
   * nothing. Someone else's id answers exactly like a missing one (404): ids cannot be probed.
   */
  async markRead(caller: Principal, id: string): Promise<NotificationView> {
    const recipient = recipientOf(caller);
    const entity = await this.readModel.inbox.markRead(id, recipient);
    if (!entity) throw new ApiError(ApiErrorCode.NotFound, 'No such notification', 'id');
    return toNotificationView(entity);
  }

  /** Every delivery attempt, newest first, with the notification's kind, case and recipient. */
  async deliveries(query: DeliveryLogQuery) {
    const { cursor, ...filter } = query;
    const { items, lastKey } = await this.readModel.inbox.deliveries({
      ...filter,
      after: deliveryLogCursor.decode(cursor),
    });
    return deliveryLogCursor.page(
      items.map((row): DeliveryView => ({ ...row, attemptedAt: row.attemptedAt.toISOString() })),
      lastKey,
    );
  }
}

/** Only people have an inbox (the routes admit people only; a department system has no account). */
function recipientOf(caller: Principal): string {
  if (caller.accountId === null) throw new ApiError(ApiErrorCode.Forbidden, 'Only people have an inbox');
  return caller.accountId;
}
