import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@onething/config';
import { demoConnectors } from '@onething/definition';
import { ConnectorRegistry } from './connector-registry';

/**
 * Makes `ConnectorRegistry` injectable, with an HTTP connector for every connector of the catalog
 * (the built-in demo catalog until connectors are managed in the database). Needs `ConfigModule`.
 */
@Module({
  providers: [
    {
      provide: ConnectorRegistry,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        ConnectorRegistry.fromConfig(
          config,
          demoConnectors.map((connector) => connector.code),
        ),
    },
  ],
  exports: [ConnectorRegistry],
})
export class ConnectorsModule {}
