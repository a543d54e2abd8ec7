import type { EntityManager } from 'typeorm';

/** The database itself: the health check's probe, and dropping a throwaway schema (the benchmark's). */
export class DatabaseRepository {
  constructor(private readonly manager: EntityManager) {}

  async ping(): Promise<void> {
    await this.manager.query('SELECT 1');
  }

  async dropSchema(schema: string): Promise<void> {
    // Identifiers cannot be parameters: quoted, with any quote inside doubled.
    await this.manager.query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`);
  }
}
