export * from './api-error';
export * from './api-exception.filter';
export * from './zod-validation.pipe';
