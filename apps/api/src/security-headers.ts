import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * helmet's defaults (nosniff, no framing, no referrer, same-origin resource and opener policies, HSTS),
 * with a content security policy fit for JSON answers now and a same-origin web UI later: scripts, styles
 * and connections to this origin only, no plugins, never framed. `upgrade-insecure-requests` is left out:
 * the default single-machine set-up serves plain http on localhost, where it would break the UI's assets.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        // The web app's scripts are files of this origin only: never an inline script. 'unsafe-eval' is
        // for the form renderer's JSON Schema validator (ajv compiles each definition's form schema to a
        // function; the schemas come from published definitions, never from user input). Mantine sets
        // inline style attributes, which styles-only 'unsafe-inline' allows.
        'script-src': ["'self'", "'unsafe-eval'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': null,
      },
    },
    frameguard: { action: 'deny' },
  });
}

/**
 * Nothing the API answers is meant for a shared or browser cache: cases, tasks, accounts and errors carry
 * personal data, and the rest (health, keys) must be fresh. A route that wants caching says so itself.
 */
export function noStore() {
  return (_request: Request, response: Response, next: NextFunction): void => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  };
}
