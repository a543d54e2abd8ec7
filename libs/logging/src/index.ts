export * from './logger';
export * from './error-redaction';
export * from './nest-logger';
export * from './logging.module';
export * from './request-context';
