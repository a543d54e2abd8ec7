import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@onething/config';
import { connectorCatalog } from '@onething/definition';
import { ConnectorCatalog } from './connector-catalog';
import { ConnectorRegistry } from './connector-registry';

/**
 * Makes `ConnectorCatalog` (the database catalog: what auto steps and compensations call, by the
 * version a case pinned) and `ConnectorRegistry` (prefill lookups, by the deployment's routing)
 * injectable. Needs `ConfigModule` and a TypeORM `DataSource`.
 */
@Module({
  providers: [
    ConnectorCatalog,
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
  exports: [ConnectorCatalog, ConnectorRegistry],
})
export class ConnectorsModule {}
