export * from './connector';
export * from './http-connector';
export * from './connector-registry';
export * from './connectors.module';
export * from './connector-record';
export * from './connector-catalog';
