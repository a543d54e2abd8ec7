import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { loadConfigFromProcess } from '@onething/config';
import { ensureLocalServers } from '@onething/devservers';
import { bundleWorkflows } from '@onething/temporal';

/**
 * Owns the servers of one test run: started once by Jest's global set-up, in its own process so the
 * TypeScript path aliases resolve as they do in the apps. Prints one JSON line when ready; stops
 * everything on SIGTERM or when the parent goes away (stdin closes).
 */
export const TEST_SCHEMA_PREFIX = 'onething_test_';

async function main() {
  const config = loadConfigFromProcess();
  const log = (message: string) => process.stderr.write(`[test servers] ${message}\n`);
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  // Each run starts from an empty Temporal store; PostgreSQL keeps its cluster, test schemas are dropped.
  if (!config.temporal.address) rmSync(join(dataDir, 'temporal'), { recursive: true, force: true });
  const started = Date.now();
  const [servers, bundle] = await Promise.all([ensureLocalServers(config, log), bundleWorkflows()]);
  const bundlePath = join(dataDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  const pg = new Client({ connectionString: servers.databaseUrl });
  await pg.connect();
  const stale = await pg.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [
    `${TEST_SCHEMA_PREFIX}%`,
  ]);
  for (const row of stale.rows as { nspname: string }[])
    await pg.query(`DROP SCHEMA "${row.nspname}" CASCADE`);
  await pg.end();
  log(`ready in ${Date.now() - started} ms`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await servers.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
  writeFileSync(
    join(dataDir, 'servers.json'),
    JSON.stringify({
      databaseUrl: servers.databaseUrl,
      temporalAddress: servers.temporalAddress,
      bundlePath,
    }),
  );
  process.stdout.write(
    JSON.stringify({
      databaseUrl: servers.databaseUrl,
      temporalAddress: servers.temporalAddress,
      bundlePath,
    }) + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`[test servers] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
