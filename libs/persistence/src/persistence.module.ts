import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, type DatabaseOptions } from './data-source';

/** TypeORM wired from the validated config; the resolved database URL is passed in (embedded or real). */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(database: DatabaseOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(database), migrationsRun: false })],
      exports: [TypeOrmModule],
    };
  }
}
