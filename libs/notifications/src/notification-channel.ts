import type { Notification } from './notification';

/**
 * A way to reach a person: the in-app inbox now, e-mail and SMS adapters later. `NotificationService`
 * calls every registered channel once per notification until it has delivered; a channel only has to
 * try once and report.
 */
export interface NotificationChannel {
  /** Stable and unique among the channels (`in-app`, `email`, `sms`): the delivery log records it. */
  readonly name: string;
  /**
   * Resolves once the notification has left (accepted by the mail relay, the SMS gateway); rejects when
   * it has not. A rejection is logged as a failed attempt and retried later, so it must be safe to call
   * again for the same notification (adapters pass `notification.id` on as their idempotency key).
   */
  deliver(notification: Notification): Promise<void>;
}

/** The registered channels, as one array (see `NotificationsModule.forRoot({ channels })`). */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
