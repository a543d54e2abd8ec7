import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, type DatabaseOptions } from './data-source';
import { ReadModel } from './repositories/read-model';

/**
 * TypeORM wired from the validated config (the resolved database URL is passed in, embedded or real),
 * and the read model's repositories over it.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(database: DatabaseOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(database), migrationsRun: false })],
      providers: [ReadModel],
      exports: [TypeOrmModule, ReadModel],
    };
  }
}
