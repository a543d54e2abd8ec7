import { MigrationInterface, QueryRunner } from 'typeorm';
import { CASE_STATUSES } from '@onething/case-model';
import { NOTIFICATION_KINDS } from '../entities/notification.entities';

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(',');

/**
 * The flow semantics: a case in which no step ran ends `not_applicable`; a department is told when a
 * deciding rejection cancels its task (`task-cancelled`). The CHECK lists are written from the code's
 * lists, so migrations of the same session that extend them too leave the union whatever their order.
 */
export class FlowSemantics1764730000000 implements MigrationInterface {
  name = 'FlowSemantics1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await this.checks(q, CASE_STATUSES, NOTIFICATION_KINDS);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE kind = 'task-cancelled'`);
    await this.checks(
      q,
      CASE_STATUSES.filter((status) => status !== 'not_applicable'),
      NOTIFICATION_KINDS.filter((kind) => kind !== 'task-cancelled'),
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
