export * from './api-error';
export * from './api-exception.filter';
export * from './infrastructure-errors';
export * from './zod-validation.pipe';
