import { spawn } from 'node:child_process';
import { ensureGoBuild, type GoBuild } from './go-build';

/**
 * The full Temporal server (frontend, history, matching and worker services on PostgreSQL) and its
 * schema tool, built from the Go module proxy, plus the standalone Web UI server, for `npm run cluster`.
 */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
/** The Web UI server the CLI v1.5.1 embeds (its go.mod), with the UI's built assets inside the module. */
export const TEMPORAL_UI_SERVER_VERSION = 'v2.42.1';

const SERVER_BUILD: GoBuild = {
  label: 'the Temporal server',
  binaries: [
    {
      module: `go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`,
      built: 'server',
      cachedName: `temporal-server-${TEMPORAL_SERVER_VERSION}`,
    },
    {
      module: `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
      built: 'sql',
      cachedName: `temporal-sql-tool-${TEMPORAL_SERVER_VERSION}`,
    },
  ],
  expected: 'about 2-4 minutes',
};

const UI_SERVER_BUILD: GoBuild = {
  label: 'the Temporal Web UI server',
  binaries: [
    {
      module: `github.com/temporalio/ui-server/v2/cmd/server@${TEMPORAL_UI_SERVER_VERSION}`,
      built: 'server',
      cachedName: `temporal-ui-server-${TEMPORAL_UI_SERVER_VERSION}`,
    },
  ],
  expected: 'about 1-2 minutes',
};

const WITHOUT_GO =
  'install Go 1.23+ (https://go.dev/dl) so Onething can build it, or run Temporal yourself and set TEMPORAL_ADDRESS.';

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
}

interface CacheOptions {
  cacheDir: string;
  log: (message: string) => void;
}

/** The cached server and schema tool, built with Go on first use (minutes, once per machine). */
export async function findOrBuildTemporalServer(options: CacheOptions): Promise<TemporalServerBinaries> {
  const [server, sqlTool] = await ensureGoBuild(SERVER_BUILD, { ...options, withoutGo: WITHOUT_GO });
  return { server, sqlTool };
}

/** The cached Web UI server (its built UI inside), built with Go on first use. */
export async function findOrBuildTemporalUiServer(options: CacheOptions): Promise<string> {
  const [uiServer] = await ensureGoBuild(UI_SERVER_BUILD, { ...options, withoutGo: WITHOUT_GO });
  return uiServer;
}

export interface SqlToolTarget {
  sqlTool: string;
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Temporal's two PostgreSQL databases and the schema (embedded in the sql tool) each one gets. */
export const TEMPORAL_DATABASES = [
  { database: 'temporal', schema: 'postgresql/v12/temporal' },
  { database: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
] as const;

/**
 * Creates Temporal's databases and brings their schemas to this server version with its `sql` tool
 * (the module's schema/postgresql/v12, embedded in the tool). Safe to repeat: an up-to-date schema
 * is left alone.
 */
export async function applyTemporalSchemas(target: SqlToolTarget): Promise<void> {
  for (const { database, schema } of TEMPORAL_DATABASES) {
    await runSqlTool(target, database, ['create-database']).catch((error: Error) => {
      if (!/already exists/.test(error.message)) throw error;
    });
    await runSqlTool(target, database, ['setup-schema', '--version', '0.0']).catch((error: Error) => {
      if (!/already exists/.test(error.message)) throw error;
    });
    await runSqlTool(target, database, ['update-schema', '--schema-name', schema]);
  }
}

function runSqlTool(target: SqlToolTarget, database: string, command: string[]): Promise<void> {
  const args = [
    ...['--plugin', 'postgres12', '--endpoint', target.host, '--port', String(target.port)],
    ...['--user', target.user, '--password', target.password, '--database', database],
    ...command,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(target.sqlTool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`temporal sql tool ${command[0]} on ${database} failed (exit ${code}): ${output}`),
          ),
    );
  });
}
