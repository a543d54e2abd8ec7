export * from './chain';
export * from './access-trail';
export * from './access-basis';
export * from './audit.module';
