// What workflow code gets when it imports '@onething/case-model' (see libs/definition/src/workflow-entry.ts
// for why): everything but the zod schema of a definition key, which workflows never parse.
export * from './roles';
export * from './statuses';
export * from './actor';
export * from './results';
export * from './workflow-ids';
export * from './search-attributes';
export * from './activity-failures';
