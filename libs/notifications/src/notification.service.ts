import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import {
  parseNotifyInput,
  type Notification,
  type NotificationDeliveryStatus,
  type NotifyInput,
} from './notification';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './notification-channel';
import { NotificationRepository } from './notification.repository';

/** How long one channel may take for one notification before the attempt counts as failed. */
export const DELIVERY_TIMEOUT_MS = 30_000;
/** Error text kept in the delivery log; enough to diagnose, short enough not to become a dump. */
const MAX_ERROR_LENGTH = 500;

export interface DeliveryOutcome {
  channel: string;
  status: NotificationDeliveryStatus;
  error: string | null;
}

export interface NotifyResult {
  notifications: {
    id: string;
    recipientAccountId: string;
    /** False when the dedupe key had already been used for this recipient (a retry): nothing new was stored. */
    created: boolean;
    /** The attempts this call made; a channel that had already delivered is not attempted again. */
    deliveries: DeliveryOutcome[];
  }[];
}

export interface RetryFailedOptions {
  /** Notifications looked at in one sweep, oldest failure first (default 100). */
  limit?: number;
  /** A channel that failed this many times for a notification is left alone (default 10). */
  maxAttempts?: number;
}

export interface RetryFailedResult {
  attempted: number;
  delivered: number;
  failed: number;
}

/**
 * Tries one channel once; never throws. A hanging channel counts as failed after `timeoutMs`, so it
 * cannot hold the notification's row lock for ever.
 */
export async function attemptDelivery(
  channel: NotificationChannel,
  notification: Notification,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<DeliveryOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // Inside the try: a channel that throws instead of rejecting is a failed attempt too.
    await Promise.race([Promise.resolve().then(() => channel.deliver(notification)), timeout]);
    return { channel: channel.name, status: 'delivered', error: null };
  } catch (error) {
    return { channel: channel.name, status: 'failed', error: describeFailure(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * The one port for telling people about their cases (applicants) and escalations (supervisors).
 *
 * `notify` stores one inbox row per recipient (unique by dedupe key and recipient, so a retried Temporal
 * activity stores nothing twice), commits it, and only then offers it to every channel that has not yet
 * delivered it, writing one delivery-log row per attempt. A failing channel never loses the notification
 * nor fails the call: its attempt is logged `failed` with the error, and `retryFailed` (or the same
 * `notify` called again) tries that channel again. Attempts for one notification are serialised by a row
 * lock, so two concurrent calls cannot both send it. A process that dies after a channel sent but before
 * the attempt was recorded may send once more on retry: external channels are at least once.
 *
 * Titles and bodies may hold case details: they are stored, never logged (ids and kinds only).
 */
@Injectable()
export class NotificationService {
  private readonly channels: readonly NotificationChannel[];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_CHANNELS) channels: readonly NotificationChannel[],
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {
    const names = channels.map((channel) => channel.name);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate !== undefined) throw new Error(`two notification channels are named ${duplicate}`);
    this.channels = [...channels];
  }

  /** The registered channels' names, as the delivery log records them. */
  get channelNames(): string[] {
    return this.channels.map((channel) => channel.name);
  }

  /** Throws `NotificationInputError` on invalid input (nothing stored); otherwise resolves, even if channels fail. */
  async notify(input: NotifyInput): Promise<NotifyResult> {
    const parsed = parseNotifyInput(input);
    if (parsed.recipientAccountIds.length === 0) {
      this.log.warn({ kind: parsed.kind, caseId: parsed.caseId }, 'notification without recipients');
      return { notifications: [] };
    }
    const notifications = new NotificationRepository(this.dataSource.manager);
    const created = await notifications.insertForRecipients(parsed);
    const rows = await notifications.findByDedupeKey(parsed.dedupeKey, parsed.recipientAccountIds);
    const result: NotifyResult = { notifications: [] };
    // One recipient after the other: a call holds at most one connection, however many supervisors.
    for (const accountId of parsed.recipientAccountIds) {
      const row = rows.find((r) => r.recipientAccountId === accountId);
      if (!row) continue; // the account was deleted meanwhile (cascade): nobody left to tell
      const deliveries = await this.deliver(row.id, this.channels);
      result.notifications.push({
        id: row.id,
        recipientAccountId: accountId,
        created: created.has(row.id),
        deliveries,
      });
    }
    this.log.info(
      {
        kind: parsed.kind,
        caseId: parsed.caseId,
        notificationIds: result.notifications.map((n) => n.id),
        created: created.size,
        failedDeliveries: result.notifications
          .flatMap((n) => n.deliveries)
          .filter((d) => d.status === 'failed').length,
      },
      created.size > 0 ? 'notification stored' : 'notification already stored (retry)',
    );
    return result;
  }

  /**
   * Tries again every (notification, channel) whose attempts so far all failed, oldest first: for a
   * periodic sweep in the worker. Channels no longer registered, and pairs past `maxAttempts`, are left
   * in the log as they are.
   */
  async retryFailed(options: RetryFailedOptions = {}): Promise<RetryFailedResult> {
    const limit = options.limit ?? 100;
    const maxAttempts = options.maxAttempts ?? 10;
    const pending = await new NotificationRepository(this.dataSource.manager).failing(
      this.channelNames,
      maxAttempts,
      limit,
    );
    const totals: RetryFailedResult = { attempted: 0, delivered: 0, failed: 0 };
    for (const { notificationId: id, channels } of pending) {
      const outcomes = await this.deliver(
        id,
        this.channels.filter((channel) => channels.includes(channel.name)),
      );
      totals.attempted += outcomes.length;
      totals.delivered += outcomes.filter((o) => o.status === 'delivered').length;
      totals.failed += outcomes.filter((o) => o.status === 'failed').length;
    }
    if (totals.attempted > 0) this.log.info({ ...totals }, 'failed notification deliveries retried');
    return totals;
  }

  /**
   * Offers the notification to each of `channels` that has not delivered it yet, under its row lock so
   * that a concurrent call waits and then finds the channel delivered.
   */
  private deliver(
    notificationId: string,
    channels: readonly NotificationChannel[],
  ): Promise<DeliveryOutcome[]> {
    return this.dataSource.transaction(async (manager) => {
      const notifications = new NotificationRepository(manager);
      const entity = await notifications.findForUpdate(notificationId);
      if (!entity) return [];
      const done = await notifications.deliveredChannels(notificationId);
      const notification: Notification = {
        id: entity.id,
        recipientAccountId: entity.recipientAccountId,
        kind: entity.kind,
        caseId: entity.caseId,
        title: entity.title,
        body: entity.body,
        data: entity.data,
        createdAt: entity.createdAt,
      };
      const outcomes = await Promise.all(
        channels
          .filter((channel) => !done.has(channel.name))
          .map((channel) => attemptDelivery(channel, notification)),
      );
      if (outcomes.length === 0) return outcomes;
      await notifications.recordAttempts(notificationId, outcomes);
      for (const outcome of outcomes.filter((o) => o.status === 'failed')) {
        // The error text stays in the delivery log: an adapter's message may quote an address.
        this.log.warn(
          { notificationId, kind: entity.kind, channel: outcome.channel },
          'notification delivery failed',
        );
      }
      return outcomes;
    });
  }
}
