import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { projectDataConverter } from '@onething/codec';
import { deadlineBoundedRetryInterceptor } from './deadline-bounded-retry';
import { tracingClientInterceptor } from './tracing-interceptors';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}
  async onApplicationShutdown(): Promise<void> {
    // A lazy connection that never connected has nothing to close, and says so by throwing.
    await this.client.connection.close().catch(() => undefined);
  }
}

/** One Temporal client per process, connected lazily so the API can start (and report 503) while Temporal is down. */
@Global()
@Module({})
export class TemporalClientModule {
  static forRoot(options: { address: string; namespace: string; payloadKeys?: string }): DynamicModule {
    return {
      module: TemporalClientModule,
      providers: [
        {
          provide: TEMPORAL_CLIENT,
          useFactory: () =>
            new Client({
              connection: Connection.lazy({
                address: options.address,
                connectTimeout: 2000,
                interceptors: [deadlineBoundedRetryInterceptor()],
              }),
              namespace: options.namespace,
              dataConverter: projectDataConverter(options.payloadKeys),
              interceptors: { workflow: [tracingClientInterceptor()] },
            }),
        },
        TemporalConnectionCloser,
      ],
      exports: [TEMPORAL_CLIENT],
    };
  }
}
