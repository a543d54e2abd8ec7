import { loadConfigFromProcess } from '@onething/config';
import { findOrBuildTemporalServer } from '@onething/devservers';

/**
 * Finds the full Temporal server, its schema tool and the Web UI server in the user cache, or builds them
 * with Go (minutes, once per machine), for `npm run cluster` and its tests. CI runs it next to the CLI step.
 */
async function main() {
  const config = loadConfigFromProcess();
  const started = Date.now();
  const binaries = await findOrBuildTemporalServer({ cacheDir: config.system.cacheDir, log: (m) => console.log(m) });
  console.log(`Temporal server: ${binaries.server}, ${binaries.sqlTool}, ${binaries.uiServer} (${Date.now() - started} ms)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
