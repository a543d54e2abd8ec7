import { loadConfigFromProcess } from '@onething/config';
import { ensureTimeSkippingServer } from '@onething/devservers';

/**
 * Fetches the Temporal time-skipping test server (Java, with Maven) into the user cache, once per
 * machine, printing progress. CI runs it before the tests so the slow step is visible on its own line.
 */
async function main() {
  const config = loadConfigFromProcess();
  const started = Date.now();
  const wrapper = await ensureTimeSkippingServer({
    cacheDir: config.system.cacheDir,
    log: (m) => console.log(m),
  });
  console.log(`Time-skipping test server: ${wrapper} (${Date.now() - started} ms)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
