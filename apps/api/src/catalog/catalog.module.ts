import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DefinitionStore } from '@onething/definition-store';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';

@Module({
  controllers: [CatalogController],
  providers: [
    CatalogService,
    {
      provide: DefinitionStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new DefinitionStore(dataSource),
    },
  ],
})
export class CatalogModule {}
