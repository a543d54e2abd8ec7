import { DynamicModule, Module } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG, ConfigModule } from '@onething/config';
import { APP_LOGGER, AppLogger, LoggingModule } from '@onething/logging';
import { CaseDispatcher } from '@onething/orchestration';
import { PersistenceModule } from '@onething/persistence';
import { TEMPORAL_CLIENT, TemporalClientModule } from '@onething/temporal';
import { CaseActivitiesService } from './case-activities';
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
        PersistenceModule.forRoot({ ...config.database, url: servers.databaseUrl }),
        TemporalClientModule.forRoot({
          address: servers.temporalAddress,
          namespace: config.temporal.namespace,
        }),
      ],
      providers: [
        CaseActivitiesService,
        OutboxRelay,
        {
          provide: CaseDispatcher,
          inject: [DataSource, TEMPORAL_CLIENT, APP_CONFIG, APP_LOGGER],
          useFactory: (dataSource: DataSource, client: Client, cfg: AppConfig, log: AppLogger) =>
            new CaseDispatcher(
              dataSource,
              client,
              {
                taskQueue: cfg.temporal.taskQueue,
                departmentHeartbeatTimeoutMs: cfg.departments.heartbeatTimeoutMs,
              },
              log,
            ),
        },
      ],
    };
  }
}
