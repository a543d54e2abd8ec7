import { DynamicModule, Module } from '@nestjs/common';
import { CalendarStoreModule } from '@onething/calendar-store';
import { ConnectorsModule } from '@onething/connectors';
import { EventsModule } from '@onething/events';
import { AppConfig, ConfigModule } from '@onething/config';
import { AppLogger, LoggingModule } from '@onething/logging';
import { MetricsModule } from '@onething/observability';
import { NotificationsModule } from '@onething/notifications';
import { caseDispatcherProvider, offerDispatcherProvider, PinnedDefinitionsModule } from '@onething/orchestration';
import { PersistenceModule } from '@onething/persistence';
import { AuditModule } from '@onething/audit';
import { TemporalClientModule } from '@onething/temporal';
import { activityProviders } from './activities';
import { ApplicantNotices } from './applicant-notices';
import { NotificationRetrySweep } from './notification-retry';
import { EventDispatch } from './event-dispatch';
import { OutboxRelay } from './outbox-relay';

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
        MetricsModule.forRoot('worker'),
        PersistenceModule.forRoot({ ...config.database, url: servers.databaseUrl }),
        AuditModule,
        ConnectorsModule,
        CalendarStoreModule,
        NotificationsModule.forRoot(),
        EventsModule.forRoot(),
        PinnedDefinitionsModule,
        TemporalClientModule.forRoot({
          address: servers.temporalAddress,
          namespace: config.temporal.namespace,
          payloadKeys: config.temporal.payloadKeys,
        }),
      ],
      providers: [
        ...activityProviders,
        ApplicantNotices,
        OutboxRelay,
        NotificationRetrySweep,
        EventDispatch,
        caseDispatcherProvider,
        offerDispatcherProvider,
      ],
    };
  }
}
