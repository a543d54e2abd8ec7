export * from './definition-store';
