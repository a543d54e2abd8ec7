import { loadConfigFromProcess } from '@onething/config';
import { findOrBuildTemporalCli } from '@onething/devservers';

/**
 * Finds the Temporal CLI or builds it into the user cache (minutes, once per machine), printing
 * progress. CI runs it before the tests so the slow step is visible on its own line.
 */
async function main() {
  const config = loadConfigFromProcess();
  if (config.temporal.address) {
    console.log(`TEMPORAL_ADDRESS=${config.temporal.address} is set: no Temporal CLI needed.`);
    return;
  }
  const started = Date.now();
  const cli = await findOrBuildTemporalCli({
    explicit: config.temporal.cli,
    searchPath: config.system.searchPath,
    cacheDir: config.system.cacheDir,
    log: (m) => console.log(m),
  });
  console.log(`Temporal CLI: ${cli} (${Date.now() - started} ms)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
