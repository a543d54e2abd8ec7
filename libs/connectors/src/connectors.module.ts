import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@onething/config';
import { connectorCatalog } from '@onething/definition';
import { ConnectorRegistry } from './connector-registry';

/**
 * Makes `ConnectorRegistry` injectable, with an HTTP connector for every connector of the catalog
 * (the built-in connector catalog until connectors are managed in the database). Needs `ConfigModule`.
 */
@Module({
  providers: [
    {
      provide: ConnectorRegistry,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        ConnectorRegistry.fromConfig(
          config,
          connectorCatalog.map((connector) => connector.code),
        ),
    },
  ],
  exports: [ConnectorRegistry],
})
export class ConnectorsModule {}
