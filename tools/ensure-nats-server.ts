import { loadConfigFromProcess } from '@onething/config';
import { findOrBuildNatsServer } from '@onething/devservers';

/**
 * Finds nats-server or builds it from the Go module proxy into the user cache (about 3 minutes, once
 * per machine): the broker adapter's test runs against it. CI runs this before the tests so the slow
 * step is visible on its own line; the test builds it too when it is missing.
 */
async function main() {
  const config = loadConfigFromProcess();
  const started = Date.now();
  const binary = await findOrBuildNatsServer({
    searchPath: config.system.searchPath,
    cacheDir: config.system.cacheDir,
    log: (m) => console.log(m),
  });
  console.log(`nats-server: ${binary} (${Date.now() - started} ms)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
