import type { EntityManager } from 'typeorm';

// A fixed key: every process that migrates the same database serialises on it.
export const MIGRATION_LOCK_KEY = 7_720_260_001;

/**
 * The session-level lock that lets one process at a time migrate, and the schema migrations write into.
 * Use the manager of one query runner: the lock belongs to its session.
 */
export class MigrationLockRepository {
  constructor(private readonly session: EntityManager) {}

  async lock(): Promise<void> {
    await this.session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  }

  async unlock(): Promise<void> {
    await this.session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }

  async ensureSchema(schema: string): Promise<void> {
    // Identifiers cannot be parameters: quoted, with any quote inside doubled.
    await this.session.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '""')}"`);
  }
}
