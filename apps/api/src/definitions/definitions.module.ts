import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@onething/config';
import { loadDemoCatalog } from '@onething/definition/node';
import { DefinitionStore, DefinitionVersions } from '@onething/definition-store';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { DefinitionSchemaDocument } from './definition-schema-document';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';

@Module({
  controllers: [DefinitionsController],
  providers: [
    DefinitionsService,
    DefinitionSchemaDocument,
    {
      provide: DefinitionVersions,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new DefinitionVersions(dataSource),
    },
    {
      provide: DefinitionStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new DefinitionStore(dataSource),
    },
  ],
})
export class DefinitionsModule implements OnApplicationBootstrap {
  constructor(
    private readonly store: DefinitionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  /** Development (`npm start`): the sample catalog is there to try at once. Idempotent across restarts. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.env !== 'development') return;
    const added = await this.store.seedPublished(loadDemoCatalog());
    this.log.info({ added }, 'demo definition catalog loaded');
  }
}
