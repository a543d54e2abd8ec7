export * from './test-stack';
export * from './wait';
export * from './applications';
export * from './tcp-proxy';
export * from './identity';
export * from './definitions';
export * from './cases';
