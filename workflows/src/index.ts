export * from './case.workflow';
export * from './manual-task.workflow';
export * from './search-attributes';
export type { CaseActivities, CaseResultSummary, StepDecision, StepRef } from './activity-types';
