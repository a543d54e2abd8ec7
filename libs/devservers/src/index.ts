export * from './ports';
export * from './temporal-cli';
export * from './temporal-dev-server';
export * from './embedded-postgres';
export * from './local-servers';
export * from './time-skipping-server';
export * from './nats-server';
