import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildWeb, webBuildIsStale } from '../tools/web-build';

/**
 * One PostgreSQL, one Temporal server and one workflow bundle for the whole run. Uses DATABASE_URL /
 * TEMPORAL_ADDRESS when they are set; otherwise starts embedded ones on test ports (so `npm start` can
 * run beside the tests) under .data/test.
 */
export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..');
  // The API serves apps/web/dist; the browser tests need it current. Built here, once, only when a
  // source file is newer than the build (about 20 s), so `npm test` works from a clean clone.
  if (webBuildIsStale()) {
    const started = Date.now();
    buildWeb('pipe');
    console.log(`\nBuilt apps/web for the browser tests (${Date.now() - started} ms)`);
  }
  // TEST_TEMPORAL_PORT / TEST_POSTGRES_PORT / TEST_DATA_DIR let two runs share a machine.
  const temporalPort = Number(process.env.TEST_TEMPORAL_PORT ?? '7633');
  const env = {
    ...process.env,
    DATA_DIR: process.env.TEST_DATA_DIR ?? join(root, '.data', 'test'),
    EMBEDDED_POSTGRES_PORT: process.env.TEST_POSTGRES_PORT ?? '54339',
    TEMPORAL_DEV_PORT: String(temporalPort),
    TEMPORAL_DEV_HTTP_PORT: String(temporalPort + 10),
    TEMPORAL_DEV_METRICS_PORT: String(temporalPort + 20),
    // No Web UI in tests: one less server, and no fixed port shared by parallel runs.
    TEMPORAL_DEV_UI_PORT: '0',
  };
  const child = spawn(
    process.execPath,
    ['-r', join(root, 'tools', 'register.js'), join(__dirname, 'servers', 'main.ts')],
    {
      env,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const ready = await new Promise<{ databaseUrl: string; temporalAddress: string; bundlePath: string }>(
    (resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const line = buffer.split('\n')[0];
        if (buffer.includes('\n') && line) resolve(JSON.parse(line));
      });
      child.on('exit', (code) =>
        reject(new Error(`test servers exited early (code ${code}); see the output above`)),
      );
    },
  );
  (globalThis as { __testServers?: typeof child }).__testServers = child;
  // Jest's workers inherit this environment.
  process.env.DATABASE_URL = ready.databaseUrl;
  process.env.TEMPORAL_ADDRESS = ready.temporalAddress;
  process.env.TEMPORAL_WORKFLOW_BUNDLE = ready.bundlePath;
  // A key for tests only (committed so the recorded histories stay decodable); never used outside tests.
  process.env.PAYLOAD_ENCRYPTION_KEYS ??= join(root, 'test', 'fixtures', 'payload-keys.test.json');
}
