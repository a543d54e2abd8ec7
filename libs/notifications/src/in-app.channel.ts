import { Injectable } from '@nestjs/common';
import type { NotificationChannel } from './notification-channel';

/**
 * The inbox (`GET /me/notifications`). The inbox row is written and committed before any channel runs,
 * so the notification is already in the inbox when this is called: there is nothing left to send. It is
 * still a channel so that the delivery log shows every way a person was reached the same way, and so
 * that a live push to an open session (SSE, WebSocket) has its place later without touching the service.
 */
@Injectable()
export class InAppChannel implements NotificationChannel {
  static readonly channelName = 'in-app';
  readonly name = InAppChannel.channelName;

  deliver(): Promise<void> {
    return Promise.resolve();
  }
}
