export * from './roles';
export * from './statuses';
export * from './actor';
export * from './results';
export * from './workflow-ids';
export * from './search-attributes';
export * from './definition-key';
export * from './activity-failures';
