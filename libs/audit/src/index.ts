export * from './chain';
export * from './access-trail';
export * from './access-basis';
export * from './list-accesses';
export * from './audit.module';
