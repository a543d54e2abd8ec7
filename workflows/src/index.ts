export * from './case.workflow';
export * from './manual-task.workflow';
export * from './proactive-offer.workflow';
export type {
  AutoStepAttempt,
  AutoStepOutcome,
  CaseActivities,
  CompletionActivities,
  MaterialActivities,
  PledgeActivities,
  ProactiveActivities,
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
