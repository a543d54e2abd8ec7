export * from './case-dispatcher';
export * from './case-dispatcher.provider';
