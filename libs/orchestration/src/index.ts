export * from './case-dispatcher';
