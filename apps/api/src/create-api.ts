import { INestApplication } from '@nestjs/common';
import { json as bodyParserJson, type NextFunction, type Request, type Response } from 'express';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { DataSource } from 'typeorm';
import { CalendarStore, seedYears } from '@onething/calendar-store';
import { AppConfig } from '@onething/config';
import { JSON_MEDIA_TYPES, refuseHostileJsonShapes, refuseUnreadableBodies } from '@onething/http';
import { AppLogger, NestPinoLogger } from '@onething/logging';
import { Metrics, metricsHandler, observeHttp } from '@onething/observability';
import { migrate } from '@onething/persistence';
import { AppModule, ResolvedServers } from './app.module';
import { VERIFY_BODY_LIMIT } from './results/results.dto';
import { enableCodecCors } from './codec/codec-cors';
import { methodNotAllowed } from './method-not-allowed';
import { requestLogger } from './request-logger';
import { UPLOAD_PATH } from './uploads/upload.dto';
import { keepRawBody } from './proactive/raw-body';
import { noStore, securityHeaders } from './security-headers';
import { cookieSession } from './web/session-cookies';
import { serveWebApp } from './web/web-app';

/**
 * `GET /metrics` for Prometheus, beside the API's routes but not one of them: no roles, no OpenAPI entry.
 * Guarded by METRICS_TOKEN (or, without one, answered to loopback callers only); others get 404.
 */
function serveMetrics(metrics: Metrics, token: string | undefined) {
  const handler = metricsHandler(metrics, { token });
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
    response.locals.routeTemplate = '/metrics';
    handler(request, response);
  };
}

/** Builds the HTTP application (used by main.ts and by the integration tests alike). */
export async function createApi(
  config: AppConfig,
  log: AppLogger,
  servers: ResolvedServers,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, log, servers), {
    logger: new NestPinoLogger(log),
    bodyParser: false,
  });
  // First: the request id, the server span and the latency cover everything after it.
  app.use(observeHttp(app.get(Metrics)));
  app.use(serveMetrics(app.get(Metrics), config.observability.metricsToken));
  app.use(requestLogger(log));
  enableCodecCors(app, config.observability.corsAllowedOrigins);
  app.use(securityHeaders());
  app.use(noStore());
  serveWebApp(app, config.web.distDir, log);
  // The browser's session cookies stand in for `Authorization` (after the CSRF check), before any route.
  app.use(cookieParser());
  app.use(cookieSession());
  app.use(methodNotAllowed(app));
  // Every body-parser failure is the client's: refused with 415 before reading, or 400/413 while reading.
  app.use(refuseUnreadableBodies([UPLOAD_PATH]));
  // Signed routes (inbound events) keep their exact bytes: the signature is over them, not the JSON.
  const json = { type: JSON_MEDIA_TYPES, inflate: false, verify: keepRawBody };
  // The public verification reads one result document: its own, smaller bound (413 past it), parsed
  // first so the general parser below leaves its body alone.
  app.use('/verify', bodyParserJson({ ...json, limit: VERIFY_BODY_LIMIT }));
  app.useBodyParser('json', { ...json, limit: '1mb' });
  app.use(refuseHostileJsonShapes());
  app.disable('x-powered-by');
  await migrate(app.get(DataSource));
  await app.get(CalendarStore).ensureSeeded(seedYears());
  return app;
}
