import { DefaultLogger, type LogLevel, type Logger, type TelemetryOptions } from '@temporalio/worker';
import { describeError, type AppLogger } from '@onething/logging';

/**
 * The Temporal SDK's own log lines (worker state, "Activity failed", workflow task failures) in the
 * project's structured log. The SDK puts the error object itself in the line's metadata, so every error
 * there is described (`describeError`), never serialized with its own fields: a database error's
 * parameters would otherwise reach the log once per retry.
 */
export function temporalSdkLogger(log: AppLogger, level: LogLevel = 'WARN'): Logger {
  return new DefaultLogger(level, (entry) => {
    const pinoLevel = entry.level === 'TRACE' ? 'trace' : (entry.level.toLowerCase() as Lowercase<LogLevel>);
    log[pinoLevel]({ sdk: describeErrorsIn(entry.meta) }, entry.message);
  });
}

function describeErrorsIn(meta: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!meta) return meta;
  return Object.fromEntries(
    Object.entries(meta).map(([key, value]) => [key, value instanceof Error ? describeError(value) : value]),
  );
}

/**
 * The Temporal SDK's own worker metrics (task slots, poll and schedule-to-start latencies, sticky cache,
 * activity and workflow task failures) in Prometheus format on `bindAddress`, with `_total` counters and
 * seconds, as the project's own series are.
 */
export function sdkMetricsTelemetry(bindAddress: string): TelemetryOptions {
  return {
    metrics: {
      prometheus: { bindAddress, countersTotalSuffix: true, useSecondsForDurations: true, unitSuffix: true },
    },
  };
}
