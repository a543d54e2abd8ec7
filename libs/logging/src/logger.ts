import pino, { DestinationStream, Logger } from 'pino';
import { describeError } from './error-redaction';
import { currentRequestId } from './request-context';

/**
 * Structured JSON logs. Personal data must never reach them: we never log request bodies, case data or
 * headers, and the redaction list below is a second line of defence for fields that slip into a log
 * object by mistake (censored, not removed, so the mistake stays visible).
 */
export const redactedPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  'refreshToken',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'data',
  '*.data',
  'applicant',
  '*.applicant',
  'idNumber',
  '*.idNumber',
  'phone',
  '*.phone',
  'name',
  '*.name',
];

export type AppLogger = Logger;

export function createLogger(
  options: { level: string; service: string },
  destination?: DestinationStream,
): AppLogger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      // An error logged as `err` is described, never dumped: a database error's own fields hold the values
      // it was sent (see error-redaction.ts).
      serializers: { err: (value: unknown) => (value instanceof Error ? describeError(value) : value) },
      // Every line written while serving a request names it (the X-Request-Id the response carries).
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
