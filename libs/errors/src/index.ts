export * from './domain-error';
export * from './auth.errors';
export * from './calendar.errors';
export * from './zod-issues';
export * from './upload.errors';
export * from './connector.errors';
