import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotifications1764510000000 implements MigrationInterface {
  name = 'CreateNotifications1764510000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per recipient and dedupe key, whatever retries happen: a retried activity finds its row.
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        case_id uuid,
        kind text NOT NULL CHECK (kind IN ('material-requested','case-result','withdrawal-confirmed',
          'case-cancelled','task-escalated')),
        title jsonb NOT NULL,
        body jsonb NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        dedupe_key text NOT NULL CHECK (length(dedupe_key) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT notifications_dedupe UNIQUE (dedupe_key, recipient_account_id)
      )`);
    await q.query(
      `CREATE INDEX notifications_inbox_idx ON notifications (recipient_account_id, created_at DESC, id)`,
    );
    await q.query(
      `CREATE INDEX notifications_unread_idx ON notifications (recipient_account_id) WHERE read_at IS NULL`,
    );
    await q.query(`CREATE INDEX notifications_case_idx ON notifications (case_id) WHERE case_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE notification_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id uuid NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
        channel text NOT NULL,
        status text NOT NULL CHECK (status IN ('delivered','failed')),
        error text,
        attempted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX notification_deliveries_notification_idx ON notification_deliveries (notification_id, channel)`,
    );
    // The retry sweep and the admin view look for failures, newest first.
    await q.query(
      `CREATE INDEX notification_deliveries_status_idx ON notification_deliveries (status, attempted_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_deliveries`);
    await q.query(`DROP TABLE notifications`);
  }
}
