import { Writable } from 'node:stream';
import { Runtime, type TelemetryOptions } from '@temporalio/worker';
import { createLogger } from '@onething/logging';
import { temporalSdkLogger } from '@onething/temporal';

/**
 * The Temporal SDK logs through one process-wide Runtime, installed once per test file (test/setup-env.ts)
 * as the worker app installs it: through the project's logger and its error descriptions. Lines go to the
 * `logs` of every open test stack (their personal-data scans read them), or to stderr when none is open.
 */
const listeners = new Set<string[]>();

const sink = new Writable({
  write(chunk, _encoding, done) {
    const line = String(chunk);
    if (listeners.size === 0) process.stderr.write(line);
    for (const logs of listeners) logs.push(line);
    done();
  },
});

export function installTestSdkLogger(telemetryOptions?: TelemetryOptions): void {
  // Installed before any worker or native connection exists, or the SDK has made its default runtime.
  if (Runtime._instance !== undefined) return;
  Runtime.install({
    logger: temporalSdkLogger(createLogger({ level: 'debug', service: 'temporal-sdk' }, sink)),
    ...(telemetryOptions ? { telemetryOptions } : {}),
  });
}

/**
 * The runtime again, with telemetry (the SDK's Prometheus metrics): a test file calls it first, while
 * the runtime set-up installed is still idle (no worker, no native connection yet).
 */
export async function reinstallTestSdkRuntime(telemetryOptions: TelemetryOptions): Promise<void> {
  await Runtime._instance?.shutdown();
  installTestSdkLogger(telemetryOptions);
}

/** Adds the SDK's log lines to `logs` until the returned function is called. */
export function collectSdkLogs(logs: string[]): () => void {
  listeners.add(logs);
  return () => listeners.delete(logs);
}
