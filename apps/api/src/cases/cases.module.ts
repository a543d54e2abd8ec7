import { Module } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@onething/config';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { CaseDispatcher } from '@onething/orchestration';
import { TEMPORAL_CLIENT } from '@onething/temporal';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  controllers: [CasesController],
  providers: [
    CasesService,
    {
      provide: CaseDispatcher,
      inject: [DataSource, TEMPORAL_CLIENT, APP_CONFIG, APP_LOGGER],
      useFactory: (dataSource: DataSource, client: Client, config: AppConfig, log: AppLogger) =>
        new CaseDispatcher(
          dataSource,
          client,
          {
            taskQueue: config.temporal.taskQueue,
            departmentHeartbeatTimeoutMs: config.departments.heartbeatTimeoutMs,
          },
          log,
        ),
    },
  ],
})
export class CasesModule {}
