export * from './connector';
export * from './http-connector';
export * from './connector-registry';
export * from './connectors.module';
