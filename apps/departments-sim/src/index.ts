export * from './server';
export * from './rules';
