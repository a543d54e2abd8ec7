import { loadConfigFromProcess } from '@onething/config';
import { findOrBuildTemporalServer, findOrBuildTemporalUiServer } from '@onething/devservers';

/**
 * Finds the full Temporal server, its schema tool and the Web UI server in the user cache, or builds them
 * with Go (minutes, once per machine), for `npm run cluster` and its tests. CI runs it next to the CLI step.
 */
async function main() {
  const config = loadConfigFromProcess();
  const started = Date.now();
  const options = { cacheDir: config.system.cacheDir, log: (m: string) => console.log(m) };
  const { server, sqlTool } = await findOrBuildTemporalServer(options);
  const uiServer = await findOrBuildTemporalUiServer(options);
  console.log(`Temporal server: ${server}, ${sqlTool}, ${uiServer} (${Date.now() - started} ms)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
