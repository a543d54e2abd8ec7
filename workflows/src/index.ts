export * from './case.workflow';
export * from './merge';
export type { CaseActivities } from './activity-types';
export * from './search-attributes';
