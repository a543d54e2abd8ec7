import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfig, ConfigModule } from '@onething/config';
import { ApiExceptionFilter } from '@onething/http';
import { AppLogger, LoggingModule } from '@onething/logging';
import { MetricsModule } from '@onething/observability';
import { PersistenceModule } from '@onething/persistence';
import { AuditModule } from '@onething/audit';
import { TemporalClientModule } from '@onething/temporal';
import { IdentityApiModule } from './auth/identity-api.module';
import { CasesModule } from './cases/cases.module';
import { ProactiveModule } from './proactive/proactive.module';
import { TasksModule } from './tasks/tasks.module';
import { CaseActionsModule } from './case-actions/case-actions.module';
import { StepRetriesModule } from './step-retries/step-retries.module';
import { CodecModule } from './codec/codec.module';
import { DefinitionsModule } from './definitions/definitions.module';
import { ConnectorsApiModule } from './connectors/connectors-api.module';
import { CalendarModule } from './calendar/calendar.module';
import { NotificationsApiModule } from './notifications/notifications-api.module';
import { HealthController } from './health/health.controller';
import { UploadsModule } from './uploads/uploads.module';
import { AuditApiModule } from './audit/audit-api.module';
import { ResultsModule } from './results/results.module';
import { DocsController } from './openapi/docs.controller';
import { CatalogModule } from './catalog/catalog.module';
import { WebhooksApiModule } from './webhooks/webhooks-api.module';
import { OperationsModule } from './operations/operations.module';

export interface ResolvedServers {
  databaseUrl: string;
  temporalAddress: string;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: AppLogger, servers: ResolvedServers): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        MetricsModule.forRoot('api'),
        PersistenceModule.forRoot({ ...config.database, url: servers.databaseUrl }),
        TemporalClientModule.forRoot({
          address: servers.temporalAddress,
          namespace: config.temporal.namespace,
          payloadKeys: config.temporal.payloadKeys,
        }),
        AuditModule,
        IdentityApiModule,
        CasesModule,
        ProactiveModule,
        TasksModule,
        CaseActionsModule,
        StepRetriesModule,
        CodecModule,
        DefinitionsModule,
        ConnectorsApiModule,
        CalendarModule,
        NotificationsApiModule,
        UploadsModule,
        AuditApiModule,
        ResultsModule,
        CatalogModule,
        WebhooksApiModule,
        OperationsModule,
      ],
      controllers: [HealthController, DocsController],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
