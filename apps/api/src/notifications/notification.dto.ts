import { z } from 'zod';
import {
  NOTIFICATION_DELIVERY_STATUSES,
  NOTIFICATION_KINDS,
  type LocalizedText,
  type NotificationDeliveryStatus,
  type NotificationKind,
} from '@onething/notifications';
import type { NotificationEntity } from '@onething/persistence';
import { CursorCodec, cursorValue, pageQueryShape, pageSchema } from '@onething/http';

export const notificationIdSchema = z.uuid({ message: 'a notification id (UUID)' });

const paging = pageQueryShape;
export const inboxCursor = new CursorCodec('notifications', [cursorValue.timestamp, cursorValue.uuid]);
export const deliveryLogCursor = new CursorCodec('notification-deliveries', [
  cursorValue.timestamp,
  cursorValue.uuid,
]);

export const inboxQuerySchema = z.strictObject({
  /** `true`: unread only; `false` (or absent): all. */
  unread: z
    .enum(['true', 'false'], { message: 'true or false' })
    .transform((value) => value === 'true')
    .optional(),
  kind: z.enum(NOTIFICATION_KINDS).optional(),
  caseId: z.uuid({ message: 'a case id (UUID)' }).optional(),
  ...paging,
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

export const deliveryLogQuerySchema = z.strictObject({
  status: z.enum(NOTIFICATION_DELIVERY_STATUSES).optional(),
  channel: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a channel name (kebab-case)')
    .optional(),
  caseId: z.uuid({ message: 'a case id (UUID)' }).optional(),
  ...paging,
});
export type DeliveryLogQuery = z.infer<typeof deliveryLogQuerySchema>;

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  caseId: string | null;
  title: LocalizedText;
  body: LocalizedText;
  data: Record<string, string>;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: NotificationView[];
  nextCursor: string | null;
  /** Matching the filters. */
  total?: number;
  /** All the caller's unread notifications, whatever the filters: the badge count. */
  unreadCount: number;
}

/** One attempt; no title or body: the log is about delivery, not what the applicant was told. */
export interface DeliveryView {
  id: string;
  notificationId: string;
  channel: string;
  status: NotificationDeliveryStatus;
  error: string | null;
  attemptedAt: string;
  kind: NotificationKind;
  caseId: string | null;
  recipientAccountId: string;
}

export function toNotificationView(entity: NotificationEntity): NotificationView {
  return {
    id: entity.id,
    kind: entity.kind,
    caseId: entity.caseId,
    title: entity.title,
    body: entity.body,
    data: entity.data,
    createdAt: entity.createdAt.toISOString(),
    readAt: entity.readAt?.toISOString() ?? null,
  };
}

// ---- responses (OpenAPI) ----

const isoTime = z.iso.datetime({ offset: true });
export const notificationResponseSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(NOTIFICATION_KINDS),
    caseId: z.uuid().nullable(),
    title: z.record(z.string(), z.string()),
    body: z.record(z.string(), z.string()),
    data: z.record(z.string(), z.string()),
    createdAt: isoTime,
    readAt: isoTime.nullable(),
  })
  .meta({ id: 'Notification' });
export const inboxPageResponseSchema = pageSchema(notificationResponseSchema).extend({
  unreadCount: z.number().int(),
});
export const deliveryPageResponseSchema = pageSchema(
  z.object({
    id: z.uuid(),
    notificationId: z.uuid(),
    channel: z.string(),
    status: z.enum(NOTIFICATION_DELIVERY_STATUSES),
    error: z.string().nullable(),
    attemptedAt: isoTime,
    kind: z.enum(NOTIFICATION_KINDS),
    caseId: z.uuid().nullable(),
    recipientAccountId: z.uuid(),
  }),
);
