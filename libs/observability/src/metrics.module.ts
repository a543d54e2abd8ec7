import { DynamicModule, Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** One `Metrics` per application (API or worker context), injected where the events happen. */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(service: Metrics['service']): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: Metrics, useValue: new Metrics(service) }],
      exports: [Metrics],
    };
  }
}
