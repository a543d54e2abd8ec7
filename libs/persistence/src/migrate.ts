import { DataSource } from 'typeorm';
import { loadConfigFromProcess } from '@onething/config';
import { createLogger } from '@onething/logging';
import { dataSourceOptions, migrate } from './data-source';

/** `npm run migrate`: applies pending migrations to DATABASE_URL. */
async function main() {
  const config = loadConfigFromProcess();
  const log = createLogger({ level: config.logLevel, service: 'migrate' });
  if (!config.database.url) throw new Error('DATABASE_URL must be set to migrate a database.');
  const dataSource = await new DataSource(
    dataSourceOptions({ ...config.database, url: config.database.url }),
  ).initialize();
  const applied = await migrate(dataSource);
  log.info({ applied }, 'migrations applied');
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
