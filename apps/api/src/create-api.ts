import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { CalendarStore, seedYears } from '@onething/calendar-store';
import { AppConfig } from '@onething/config';
import { JSON_MEDIA_TYPES, refuseHostileJsonShapes, refuseUnreadableBodies } from '@onething/http';
import { AppLogger, NestPinoLogger } from '@onething/logging';
import { migrate } from '@onething/persistence';
import { AppModule, ResolvedServers } from './app.module';
import { methodNotAllowed } from './method-not-allowed';
import { requestLogger } from './request-logger';
import { UPLOAD_PATH } from './uploads/upload.dto';
import { keepRawBody } from './proactive/raw-body';
import { noStore, securityHeaders } from './security-headers';

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
  app.use(requestLogger(log));
  app.use(securityHeaders());
  app.use(noStore());
  app.use(methodNotAllowed(app));
  // Every body-parser failure is the client's: refused with 415 before reading, or 400/413 while reading.
  app.use(refuseUnreadableBodies([UPLOAD_PATH]));
  // Signed routes (inbound events) keep their exact bytes: the signature is over them, not the JSON.
  app.useBodyParser('json', { limit: '1mb', type: JSON_MEDIA_TYPES, inflate: false, verify: keepRawBody });
  app.use(refuseHostileJsonShapes());
  app.disable('x-powered-by');
  await migrate(app.get(DataSource));
  await app.get(CalendarStore).ensureSeeded(seedYears());
  return app;
}
