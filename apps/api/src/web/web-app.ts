import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppLogger } from '@onething/logging';

/**
 * The single-page application's own addresses: a browser navigating to one gets index.html and the app
 * routes on the client. Only these, and only for a navigation (HTML preferred over JSON), so the API's
 * paths (`/admin/...` included), `/docs`, `/verify/...` and downloads keep answering as before.
 */
const APP_PATHS = /^\/(?:|sign-in|apply|work|admin|ops)(?:\/.*)?$/;

function isAppNavigation(request: Request): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    APP_PATHS.test(request.path) &&
    request.accepts(['json', 'html']) === 'html'
  );
}

/**
 * Serves `apps/web/dist` from the API process: hashed assets with a year-long immutable cache, the app's
 * pages with index.html (revalidated every time, so a deployment is picked up at once). Without a build,
 * nothing changes and the log says how to make one.
 */
export function serveWebApp(app: NestExpressApplication, distDir: string, log: AppLogger): void {
  const indexHtml = join(distDir, 'index.html');
  if (!existsSync(indexHtml)) {
    log.info({ distDir }, 'no web app build: run `npm run build:web` to serve the web application at /');
    return;
  }
  app.use(
    '/assets',
    express.static(join(distDir, 'assets'), {
      index: false,
      // An unknown asset falls through to the API's own 404 (a problem document).
      fallthrough: true,
      // Set here, not by `maxAge`: serve-static keeps a Cache-Control already set (no-store, above).
      cacheControl: false,
      setHeaders: (response) => response.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (!isAppNavigation(request)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexHtml, (error) => {
      if (error) next(error);
    });
  });
}
