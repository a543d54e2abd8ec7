import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiError, ApiErrorCode } from '@onething/http';

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}

/**
 * A path the API serves, asked with a method it does not have, is 405 with `Allow` (RFC 9110 §15.5.6),
 * not the 404 of a path that does not exist: clients and fuzzers can tell a typo from a wrong verb.
 * Reads the router per request, so it sees the routes Nest registers after this middleware.
 */
export function methodNotAllowed(app: INestApplication) {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: RouteLayer[] } };
  return (request: Request, response: Response, next: NextFunction): void => {
    const methods = new Set<string>();
    for (const layer of express.router.stack)
      if (layer.route && layer.match(request.path))
        for (const method of Object.keys(layer.route.methods))
          if (method !== '_all') methods.add(method.toUpperCase());
    if (methods.has('GET')) methods.add('HEAD');
    if (methods.size === 0 || methods.has(request.method)) return next();
    response.setHeader('Allow', [...methods].sort().join(', '));
    next(new ApiError(ApiErrorCode.MethodNotAllowed, `${request.method} is not allowed on this route`));
  };
}
