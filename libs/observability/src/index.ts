export * from './metrics';
export * from './metrics.module';
export * from './metrics-access';
export * from './tracing';
export * from './http-observation';
export * from './metrics-endpoint';
