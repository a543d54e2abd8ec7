export * from './case-dispatcher';
export * from './case-dispatcher.provider';
export * from './pinned-definitions';
export * from './record-submitted-case';
export * from './offer-dispatcher';
