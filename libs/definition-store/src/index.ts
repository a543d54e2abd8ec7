export * from './definition-store';
export * from './definition-versions';
