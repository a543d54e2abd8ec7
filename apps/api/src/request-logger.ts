import type { NextFunction, Request, Response } from 'express';
import { AppLogger } from '@onething/logging';

/**
 * One structured line per request: method, route pattern, status and duration. Never the URL's values,
 * the query, the headers or the body, which may hold personal data or credentials.
 */
export function requestLogger(log: AppLogger) {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      log.info(
        {
          method: request.method,
          route: (request.route as { path?: string } | undefined)?.path ?? 'unmatched',
          status: response.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  };
}
