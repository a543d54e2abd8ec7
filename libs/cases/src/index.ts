export * from './resident-id';
export * from './example-definition';
export * from './simulated-departments';
