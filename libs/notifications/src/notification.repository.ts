import { In, type EntityManager } from 'typeorm';
import { NotificationDeliveryEntity, NotificationEntity } from '@onething/persistence';
import type { DeliveryOutcome } from './notification.service';
import type { NotifyInput } from './notification';

/** A notification's failed channels, as the retry sweep picks them up. */
export interface FailingDelivery {
  notificationId: string;
  channels: string[];
}

/**
 * `notifications` (one row per recipient, deduplicated by key) and `notification_deliveries` (every
 * attempt per channel, append-only). Raw SQL for the one-statement fan-out insert and the sweep's
 * aggregate.
 */
export class NotificationRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * One row per recipient in one statement; a recipient who already has the dedupe key gets none.
   * Answers the ids of the rows created.
   */
  async insertForRecipients(input: NotifyInput & { data: Record<string, string> }): Promise<Set<string>> {
    const inserted = await this.manager.query<{ id: string }[]>(
      `INSERT INTO notifications (recipient_account_id, case_id, kind, title, body, data, dedupe_key)
       SELECT recipient, $2, $3, $4, $5, $6, $7 FROM unnest($1::uuid[]) AS recipient
       ON CONFLICT (dedupe_key, recipient_account_id) DO NOTHING
       RETURNING id`,
      [
        input.recipientAccountIds,
        input.caseId ?? null,
        input.kind,
        JSON.stringify(input.title),
        JSON.stringify(input.body),
        JSON.stringify(input.data),
        input.dedupeKey,
      ],
    );
    return new Set(inserted.map((row) => row.id));
  }

  /** Which recipients' rows hold the dedupe key (created now or earlier). */
  findByDedupeKey(
    dedupeKey: string,
    recipientAccountIds: readonly string[],
  ): Promise<Pick<NotificationEntity, 'id' | 'recipientAccountId'>[]> {
    return this.manager.getRepository(NotificationEntity).find({
      select: { id: true, recipientAccountId: true },
      where: { dedupeKey, recipientAccountId: In([...recipientAccountIds]) },
    });
  }

  /** The notification, locked until the transaction ends. */
  findForUpdate(id: string): Promise<NotificationEntity | null> {
    return this.manager
      .getRepository(NotificationEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async deliveredChannels(notificationId: string): Promise<Set<string>> {
    const rows = await this.manager.getRepository(NotificationDeliveryEntity).find({
      select: { channel: true },
      where: { notificationId, status: 'delivered' },
    });
    return new Set(rows.map((row) => row.channel));
  }

  /** Appends the attempts, stamped with the database's clock to the microsecond so they sort as made. */
  async recordAttempts(notificationId: string, outcomes: readonly DeliveryOutcome[]): Promise<void> {
    await this.manager
      .getRepository(NotificationDeliveryEntity)
      .insert(
        outcomes.map((outcome) => ({ notificationId, ...outcome, attemptedAt: () => 'clock_timestamp()' })),
      );
  }

  /**
   * Notifications with a channel among `channels` whose attempts all failed, fewer than `maxAttempts`
   * times, oldest first failure first; at most `limit`.
   */
  async failing(channels: readonly string[], maxAttempts: number, limit: number): Promise<FailingDelivery[]> {
    const rows = await this.manager.query<{ notification_id: string; channels: string[] }[]>(
      `SELECT notification_id, array_agg(channel ORDER BY channel) AS channels
         FROM (
           SELECT notification_id, channel, min(attempted_at) AS first_failure
             FROM notification_deliveries d
            WHERE status = 'failed' AND channel = ANY($1::text[])
              AND NOT EXISTS (
                SELECT 1 FROM notification_deliveries ok
                 WHERE ok.notification_id = d.notification_id AND ok.channel = d.channel
                   AND ok.status = 'delivered')
            GROUP BY notification_id, channel
           HAVING count(*) < $2
         ) AS failing
        GROUP BY notification_id
        ORDER BY min(first_failure), notification_id
        LIMIT $3`,
      [channels, maxAttempts, limit],
    );
    return rows.map((row) => ({ notificationId: row.notification_id, channels: row.channels }));
  }
}
