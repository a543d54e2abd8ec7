export * from './case.workflow';
export * from './manual-task.workflow';
export * from './search-attributes';
export type {
  AutoStepOutcome,
  CaseActivities,
  CompletionActivities,
  MaterialActivities,
  SlaActivities,
  StepActivities,
  TaskActivities,
  CaseResultSummary,
  SlaRecord,
  StepDecision,
  StepRef,
} from './activity-types';
export * from './case-messages';
export * from './retry-policies';
export * from './free-text';
