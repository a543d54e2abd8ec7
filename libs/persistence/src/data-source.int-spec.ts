import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from './data-source';
import { MIGRATION_LOCK_KEY } from './repositories/migration-lock.repository';

const url = process.env.DATABASE_URL!;
const schema = process.env.DATABASE_SCHEMA!;

describe('database time limits', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await new DataSource(
      dataSourceOptions({ url, schema, poolSize: 2, statementTimeoutMs: 200 }),
    ).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('cancels a statement that runs past the limit (57014), and the connection serves the next one', async () => {
    await expect(dataSource.query('SELECT pg_sleep(1)')).rejects.toMatchObject({
      driverError: { code: '57014' },
    });
    await expect(dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it("runs migrations without that limit: they wait for another process's migration lock as long as it takes", async () => {
    const other = new Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const migrating = migrate(dataSource);
      // The other process migrates for longer than a request's statement may run, then lets go.
      await other.query('SELECT pg_sleep(0.6)');
      await other.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      await expect(migrating).resolves.toEqual(expect.any(Array));
    } finally {
      await other.end();
    }
  });
});
