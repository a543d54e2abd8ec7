import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Event delivery out of the outbox. `outbox_events.published_at` marks an event whose webhook deliveries
 * are written, `brokered_at` one the broker (NATS JetStream) acknowledged: each sink moves on its own, so
 * a broker outage does not hold webhooks back. Events from before this migration count as done for
 * both, so a new subscriber starts with what happens next, not with history.
 *
 * `webhook_subscriptions`: where a subscriber wants events, of which types, and its signing secret
 * sealed with the payload keys (the previous one kept while a rotation's grace period runs).
 * `webhook_deliveries`: one event to one subscription, pending until delivered or dead (a dead letter);
 * `webhook_delivery_attempts`: one row per HTTP attempt (status, latency, error).
 */
export class CreateWebhookDelivery1764940000000 implements MigrationInterface {
  name = 'CreateWebhookDelivery1764940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE outbox_events ADD COLUMN published_at timestamptz, ADD COLUMN brokered_at timestamptz`,
    );
    await q.query(`UPDATE outbox_events SET published_at = created_at, brokered_at = created_at`);
    await q.query(
      `CREATE INDEX outbox_events_unpublished_idx ON outbox_events (id) WHERE published_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX outbox_events_unbrokered_idx ON outbox_events (id) WHERE brokered_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY,
        department text REFERENCES departments (code),
        url text NOT NULL,
        event_types text[] NOT NULL CHECK (cardinality(event_types) >= 1),
        description text,
        active boolean NOT NULL DEFAULT true,
        secret_sealed text NOT NULL,
        previous_secret_sealed text,
        previous_secret_expires_at timestamptz,
        secret_rotated_at timestamptz,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_subscriptions_list_idx ON webhook_subscriptions (created_at, id)`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
        event_id bigint NOT NULL REFERENCES outbox_events (id),
        event_type text NOT NULL,
        aggregate_key text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts int NOT NULL DEFAULT 0,
        failed_attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        last_response_status int,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        dead_at timestamptz,
        UNIQUE (subscription_id, event_id)
      )`);
    // The dispatcher's two questions: which deliveries are due, and is an earlier one of the same case
    // still pending for this subscription (per-case order).
    await q.query(
      `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(`
      CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (subscription_id, aggregate_key, event_id)
      WHERE status = 'pending'`);
    await q.query(
      `CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (subscription_id, event_id DESC, id)`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_dead_idx ON webhook_deliveries (dead_at DESC, id) WHERE status = 'dead'`,
    );
    await q.query(`
      CREATE TABLE webhook_delivery_attempts (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempt int NOT NULL,
        started_at timestamptz NOT NULL,
        latency_ms int NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed')),
        response_status int,
        error text,
        UNIQUE (delivery_id, attempt)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_subscriptions`);
    await q.query(`DROP INDEX outbox_events_unbrokered_idx`);
    await q.query(`DROP INDEX outbox_events_unpublished_idx`);
    await q.query(`ALTER TABLE outbox_events DROP COLUMN published_at, DROP COLUMN brokered_at`);
  }
}
