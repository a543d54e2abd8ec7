export * from './case.workflow';
export * from './manual-task.workflow';
export type {
  AutoStepOutcome,
  CaseActivities,
  CompletionActivities,
  MaterialActivities,
  SlaActivities,
  StepActivities,
  TaskActivities,
  SlaRecord,
  StepDecision,
  StepRef,
} from './activity-types';
export * from './case-messages';
export * from './retry-policies';
export * from './free-text';
