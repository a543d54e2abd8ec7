import { Provider } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { AppConfig, APP_CONFIG } from '@onething/config';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { ReadModel } from '@onething/persistence';
import { TEMPORAL_CLIENT } from '@onething/temporal';
import { CaseDispatcher } from './case-dispatcher';
import { OfferDispatcher } from './offer-dispatcher';
import { PinnedDefinitions } from './pinned-definitions';

/** The dispatcher as the API and the worker's relay both get it injected (with `PinnedDefinitionsModule`). */
export const caseDispatcherProvider: Provider = {
  provide: CaseDispatcher,
  inject: [ReadModel, TEMPORAL_CLIENT, APP_CONFIG, APP_LOGGER, PinnedDefinitions],
  useFactory: (
    readModel: ReadModel,
    client: Client,
    config: AppConfig,
    log: AppLogger,
    definitions: PinnedDefinitions,
  ) =>
    new CaseDispatcher(
      readModel,
      client,
      {
        taskQueue: config.temporal.taskQueue,
        departmentHeartbeatTimeoutMs: config.departments.heartbeatTimeoutMs,
        materialGatheringWindowMs: config.departments.materialGatheringWindowMs,
        continueAsNewAfterEvents: config.cases.continueAsNewAfterEvents,
        startDeadlineMs: 5000,
      },
      log,
      definitions,
    ),
};

/** The offer dispatcher (免申即享) for the API and the worker's relay. */
export const offerDispatcherProvider: Provider = {
  provide: OfferDispatcher,
  inject: [ReadModel, TEMPORAL_CLIENT, APP_CONFIG, APP_LOGGER],
  useFactory: (readModel: ReadModel, client: Client, config: AppConfig, log: AppLogger) =>
    new OfferDispatcher(readModel, client, config.temporal.taskQueue, log),
};
