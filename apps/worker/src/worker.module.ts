import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CalendarStoreModule } from '@onething/calendar-store';
import { ConnectorsModule } from '@onething/connectors';
import { DefinitionStore } from '@onething/definition-store';
import { AppConfig, ConfigModule } from '@onething/config';
import { AppLogger, LoggingModule } from '@onething/logging';
import { NotificationsModule } from '@onething/notifications';
import { caseDispatcherProvider } from '@onething/orchestration';
import { PersistenceModule } from '@onething/persistence';
import { TemporalClientModule } from '@onething/temporal';
import { ApplicantNotices } from './applicant-notices';
import { CaseActivitiesService } from './case-activities';
import { LifecycleActivitiesService } from './lifecycle-activities';
import { NotificationRetrySweep } from './notification-retry';
import { OutboxRelay } from './outbox-relay';
import { PinnedDefinitions } from './pinned-definitions';

export interface ResolvedServers {
  databaseUrl: string;
  temporalAddress: string;
}

/** The worker's application context: activities get their dependencies injected like any Nest provider. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: AppLogger, servers: ResolvedServers): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        PersistenceModule.forRoot({ ...config.database, url: servers.databaseUrl }),
        ConnectorsModule,
        CalendarStoreModule,
        NotificationsModule.forRoot(),
        TemporalClientModule.forRoot({
          address: servers.temporalAddress,
          namespace: config.temporal.namespace,
          payloadKeys: config.temporal.payloadKeys,
        }),
      ],
      providers: [
        {
          provide: DefinitionStore,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new DefinitionStore(ds),
        },
        CaseActivitiesService,
        LifecycleActivitiesService,
        ApplicantNotices,
        PinnedDefinitions,
        OutboxRelay,
        NotificationRetrySweep,
        caseDispatcherProvider,
      ],
    };
  }
}
