export * from './case-dispatcher';
export * from './case-dispatcher.provider';
export * from './record-submitted-case';
