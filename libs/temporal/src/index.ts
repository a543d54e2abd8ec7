export * from './register-search-attributes';
export * from './workflow-bundle';
export * from './temporal-client.module';
export * from './task-queue-pollers';
export * from './activity-error-redaction';
export * from './sdk-logger';
export * from './worker-options';
export * from './tracing-interceptors';
