import { MigrationInterface, QueryRunner } from 'typeorm';
import { CASE_STATUSES } from '@onething/case-model';
import { NOTIFICATION_KINDS } from '../entities/notification.entities';
import { INBOUND_EVENT_OUTCOMES } from '../repositories/proactive.repository';

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(',');
const NEW_STATUSES = ['awaiting_confirmation', 'declined', 'expired'];
const NEW_KINDS = ['proactive-offer', 'pledge-revoked'];

/**
 * Proactive cases (免申即享) and pledges (承诺办): the department systems allowed to post inbound events
 * (their Standard Webhooks secrets sealed with the payload key ring), every inbound event with its
 * outcome (no personal data: ids, type, outcome), the open offers with their confirmation deadline, and
 * the pledges applicants signed. CHECK lists are written from the code's lists, as FlowSemantics does.
 */
export class ProactiveAndPledge1764950000000 implements MigrationInterface {
  name = 'ProactiveAndPledge1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await this.checks(q, CASE_STATUSES, NOTIFICATION_KINDS);
    await q.query(`
      CREATE TABLE inbound_sources (
        code text PRIMARY KEY,
        department_code text NOT NULL REFERENCES departments(code),
        secret_sealed text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE inbound_events (
        id uuid PRIMARY KEY,
        source_code text NOT NULL REFERENCES inbound_sources(code),
        event_id text NOT NULL,
        event_type text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN (${quoted(INBOUND_EVENT_OUTCOMES)})),
        duplicate_of uuid REFERENCES inbound_events(id),
        cases jsonb NOT NULL DEFAULT '[]',
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One first delivery per source and event id: the idempotency of POST /events/inbound.
    await q.query(
      `CREATE UNIQUE INDEX inbound_events_first ON inbound_events (source_code, event_id) WHERE duplicate_of IS NULL`,
    );
    await q.query(`CREATE INDEX inbound_events_keyset ON inbound_events (received_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE proactive_offers (
        case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        inbound_event_id uuid NOT NULL REFERENCES inbound_events(id),
        prefilled text[] NOT NULL,
        confirm_by timestamptz NOT NULL,
        settled_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE case_pledges (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        step_id text NOT NULL,
        text jsonb NOT NULL,
        signed_by_account_id uuid NOT NULL,
        signed_at timestamptz NOT NULL,
        revoked_at timestamptz,
        PRIMARY KEY (case_id, step_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_pledges`);
    await q.query(`DROP TABLE proactive_offers`);
    await q.query(`DROP TABLE inbound_events`);
    await q.query(`DROP TABLE inbound_sources`);
    await q.query(`DELETE FROM notifications WHERE kind IN (${quoted(NEW_KINDS)})`);
    await q.query(`DELETE FROM cases WHERE status IN (${quoted(NEW_STATUSES)})`);
    await this.checks(
      q,
      CASE_STATUSES.filter((status) => !NEW_STATUSES.includes(status)),
      NOTIFICATION_KINDS.filter((kind) => !NEW_KINDS.includes(kind)),
    );
  }

  private async checks(q: QueryRunner, statuses: readonly string[], kinds: readonly string[]): Promise<void> {
    await q.query(`ALTER TABLE cases DROP CONSTRAINT cases_status_check`);
    await q.query(
      `ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN (${quoted(statuses)}))`,
    );
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${quoted(kinds)}))`,
    );
  }
}
