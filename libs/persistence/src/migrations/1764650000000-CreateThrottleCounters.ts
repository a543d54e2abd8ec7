import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Abuse counters shared by every API replica (login, refresh, own-password change): one row per scope and
 * key, updated by atomic upserts, so N replicas allow what one does instead of N times as much.
 */
export class CreateThrottleCounters1764650000000 implements MigrationInterface {
  name = 'CreateThrottleCounters1764650000000';

  async up(q: QueryRunner): Promise<void> {
    // `hits`: requests in the window for a rate scope, consecutive failures for a failure scope.
    await q.query(`
      CREATE TABLE throttle_counters (
        scope text NOT NULL,
        key text NOT NULL,
        window_started_at timestamptz NOT NULL DEFAULT now(),
        hits integer NOT NULL CHECK (hits >= 0),
        blocked_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    // Pruning finds quiet counters by their last activity.
    await q.query(`CREATE INDEX throttle_counters_updated_idx ON throttle_counters (updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE throttle_counters`);
  }
}
