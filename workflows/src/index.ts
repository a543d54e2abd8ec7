export * from './case.workflow';
export * from './manual-task.workflow';
export * from './search-attributes';
export type { CaseActivities, CaseResultSummary, SlaRecord, StepDecision, StepRef } from './activity-types';
export * from './case-messages';
