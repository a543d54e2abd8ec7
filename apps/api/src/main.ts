import 'reflect-metadata';
import { loadConfigFromProcess } from '@onething/config';
import { createLogger } from '@onething/logging';
import { startTracing } from '@onething/observability';
import { createApi } from './create-api';

async function main() {
  const config = loadConfigFromProcess();
  const log = createLogger({ level: config.logLevel, service: 'api' });
  const { url: databaseUrl } = config.database;
  const { address: temporalAddress } = config.temporal;
  if (config.env === 'production' && !config.temporal.payloadKeys) {
    throw new Error(
      'PAYLOAD_ENCRYPTION_KEYS must be set in production: the API never sends personal data to Temporal unencrypted.',
    );
  }
  if (!databaseUrl || !temporalAddress) {
    throw new Error('The API needs DATABASE_URL and TEMPORAL_ADDRESS (`npm start` sets both for you).');
  }
  // Before the app: the HTTP and Temporal client spans find the tracer provider registered.
  startTracing({
    service: config.observability.serviceName ?? 'onething-api',
    otlpEndpoint: config.observability.otlpEndpoint,
  });
  const app = await createApi(config, log, { databaseUrl, temporalAddress });
  app.enableShutdownHooks();
  await app.listen(config.api.port, config.api.host);
  log.info({ url: `http://${config.api.host}:${config.api.port}` }, 'api ready');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
