import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { CalendarStore, seedYears } from '@onething/calendar-store';
import { loadConfigFromProcess } from '@onething/config';
import { createLogger, NestPinoLogger } from '@onething/logging';
import { migrate } from '@onething/persistence';
import { Metrics, startTracing } from '@onething/observability';
import {
  registerSearchAttributes,
  sdkMetricsTelemetry,
  TEMPORAL_CLIENT,
  temporalSdkLogger,
} from '@onething/temporal';
import { createCaseWorker } from './case-worker';
import { EventDispatch } from './event-dispatch';
import { NotificationRetrySweep } from './notification-retry';
import { OutboxRelay } from './outbox-relay';
import { WorkerModule } from './worker.module';
import { startWorkerHttp } from './worker-http';

async function main() {
  const config = loadConfigFromProcess();
  const log = createLogger({ level: config.logLevel, service: 'worker' });
  const { url: databaseUrl } = config.database;
  const { address: temporalAddress } = config.temporal;
  if (config.env === 'production' && !config.temporal.payloadKeys) {
    throw new Error(
      'PAYLOAD_ENCRYPTION_KEYS must be set in production: the worker never sends personal data to Temporal unencrypted.',
    );
  }
  if (!databaseUrl || !temporalAddress) {
    throw new Error('The worker needs DATABASE_URL and TEMPORAL_ADDRESS (`npm start` sets both for you).');
  }
  const tracing = startTracing({
    service: config.observability.serviceName ?? 'onething-worker',
    otlpEndpoint: config.observability.otlpEndpoint,
  });
  // The SDK's own logs join the structured log; they carry workflow and activity ids, never payloads,
  // and the errors in them are described without the values a database error holds. Its metrics are
  // served on a loopback port and forwarded in the worker's /metrics.
  const { sdkMetricsPort } = config.observability.worker;
  Runtime.install({
    logger: temporalSdkLogger(log),
    ...(sdkMetricsPort ? { telemetryOptions: sdkMetricsTelemetry(`127.0.0.1:${sdkMetricsPort}`) } : {}),
  });
  // An existing server (docker-compose, production) may not know the project's search attributes yet.
  const admin = await Connection.connect({ address: temporalAddress });
  await registerSearchAttributes(admin, config.temporal.namespace).finally(() => admin.close());
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config, log, { databaseUrl, temporalAddress }),
    {
      logger: new NestPinoLogger(log),
    },
  );
  await migrate(app.get(DataSource));
  await app.get(CalendarStore).ensureSeeded(seedYears());
  const { worker } = await createCaseWorker(app, config, temporalAddress);
  app.get(OutboxRelay).start();
  app.get(NotificationRetrySweep).start();
  app.get(EventDispatch).start();
  const http = await startWorkerHttp({
    ...config.observability.worker,
    metrics: app.get(Metrics),
    metricsToken: config.observability.metricsToken,
    sdkMetricsUrl: sdkMetricsPort ? `http://127.0.0.1:${sdkMetricsPort}/metrics` : undefined,
    worker,
    connection: app.get<Client>(TEMPORAL_CLIENT).connection,
    queue: config.temporal,
  });
  log.info({ taskQueue: config.temporal.taskQueue, temporalAddress, operations: http.url }, 'worker ready');
  // Runs until SIGINT/SIGTERM, which the Temporal runtime turns into a graceful shutdown.
  await worker.run();
  await app.close();
  await http.close();
  await tracing?.shutdown();
  log.info('worker stopped');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
