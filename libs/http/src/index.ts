export * from './api-error';
export * from './api-exception.filter';
export * from './infrastructure-errors';
export * from './zod-validation.pipe';
export * from './problem-details';
export * from './request-body';
export * from './data-errors';
export * from './pagination';
