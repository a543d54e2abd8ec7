import { Provider } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@onething/config';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { TEMPORAL_CLIENT } from '@onething/temporal';
import { CaseDispatcher } from './case-dispatcher';

/** The dispatcher as the API and the worker's relay both get it injected. */
export const caseDispatcherProvider: Provider = {
  provide: CaseDispatcher,
  inject: [DataSource, TEMPORAL_CLIENT, APP_CONFIG, APP_LOGGER],
  useFactory: (dataSource: DataSource, client: Client, config: AppConfig, log: AppLogger) =>
    new CaseDispatcher(
      dataSource,
      client,
      {
        taskQueue: config.temporal.taskQueue,
        departmentHeartbeatTimeoutMs: config.departments.heartbeatTimeoutMs,
        materialGatheringWindowMs: config.departments.materialGatheringWindowMs,
        continueAsNewAfterEvents: config.cases.continueAsNewAfterEvents,
        startDeadlineMs: 5000,
      },
      log,
    ),
};
