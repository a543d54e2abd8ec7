import { DefaultLogger, type LogLevel, type Logger } from '@temporalio/worker';
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
