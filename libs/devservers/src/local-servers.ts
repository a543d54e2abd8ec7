import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { AppConfig } from '@onething/config';
import { projectSearchAttributes } from '@onething/case-model';
import { registerSearchAttributes } from '@onething/temporal';
import { startEmbeddedPostgres } from './embedded-postgres';
import { findOrBuildTemporalCli } from './temporal-cli';
import { startTemporalDevServer } from './temporal-dev-server';

export interface LocalServers {
  databaseUrl: string;
  temporalAddress: string;
  /** The Temporal Web UI the dev server serves (none with an external Temporal, or headless). */
  temporalUiUrl?: string;
  /** What was started here (and is stopped by `stop`), as opposed to servers configured from outside. */
  started: { postgres: boolean; temporal: boolean };
  stop(): Promise<void>;
}

/**
 * The servers a process needs: the configured ones when DATABASE_URL / TEMPORAL_ADDRESS are set,
 * otherwise an embedded PostgreSQL and a Temporal dev server with a file store under DATA_DIR.
 */
export async function ensureLocalServers(
  config: AppConfig,
  log: (message: string) => void,
): Promise<LocalServers> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e: Error) => log(`stop failed: ${e.message}`));
  };
  try {
    let databaseUrl = config.database.url;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({
        dataDir: join(config.dataDir, 'postgres'),
        port: config.database.embeddedPort,
        database: 'onething',
        log,
      });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    let temporalAddress = config.temporal.address;
    let temporalUiUrl: string | undefined;
    if (temporalAddress) {
      const connection = await Connection.connect({ address: temporalAddress, connectTimeout: 5000 });
      try {
        const added = await registerSearchAttributes(connection, config.temporal.namespace);
        if (added.length > 0) log(`Registered search attributes ${added.join(', ')} on ${temporalAddress}`);
      } finally {
        await connection.close();
      }
    } else {
      const cliPath = await findOrBuildTemporalCli({
        explicit: config.temporal.cli,
        searchPath: config.system.searchPath,
        cacheDir: config.system.cacheDir,
        log,
      });
      const server = await startTemporalDevServer({
        cliPath,
        host: '127.0.0.1',
        ...config.temporal.devServer,
        // The Web UI decodes payloads through the API's codec server (administrators and auditors).
        codecEndpoint: `http://${config.api.host}:${config.api.port}/codec`,
        dataDir: join(config.dataDir, 'temporal'),
        namespace: config.temporal.namespace,
        searchAttributes: [...projectSearchAttributes],
        log,
      });
      stops.push(() => server.stop());
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
    }
    return {
      databaseUrl,
      temporalAddress,
      ...(temporalUiUrl ? { temporalUiUrl } : {}),
      started: { postgres: !config.database.url, temporal: !config.temporal.address },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
