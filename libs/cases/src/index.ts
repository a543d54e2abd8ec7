export * from './example-definition';
export * from './simulated-departments';
