// The definition language: pure TypeScript, no I/O and no Node built-ins, so the API, the CLI and Temporal
// workflow code can all import it. File loading lives in ./node.ts.
export * from './schema';
export * from './errors';
export { validateDefinition, type ValidationContext, type ValidationResult } from './validator';
export { parseSource, type ParsedSource } from './source';
export {
  compileCondition,
  evaluateCondition,
  CONDITION_LIMITS,
  type CompiledCondition,
  type CompileResult,
  type ConditionProblem,
  type ConditionContext,
  type ConditionReferences,
  fieldsReadBy,
  type EvaluationResult,
} from './conditions';
export {
  checkResidentId,
  residentIdCheckCharacter,
  isCalendarDate,
  isCnMobile,
  CN_MOBILE_PATTERN,
} from './resident-id';
export type { ResidentIdProblem, ResidentIdResult } from './resident-id';
export { composeForm, fieldUsage, ATTACHMENT_REFERENCE_PATTERN } from './form';
export type { ComposedForm, ComposeFormOptions, FormFieldInfo, JsonSchema } from './form';
export {
  attachmentReferences,
  buildSubmissionSchema,
  validateSubmission,
  withStoredAttachmentFacts,
  SubmissionErrorCode,
} from './submission';
export type { StoredAttachment } from './submission';
export type { SubmissionError, SubmissionOptions, SubmissionResult } from './submission';
export { caseToday, CASE_TIME_ZONE } from './case-dates';
export { checkEligibility, eligibilityRules, fieldsReadByEligibility } from './eligibility';
export type { EligibilityFailure, EligibilityResult, EligibilityRuleInfo } from './eligibility';
export { criticalPaths, MAX_CRITICAL_PATHS, type CriticalPaths } from './critical-path';
export { planDefinition, dataMinimizationMatrix, renderMermaid } from './plan';
export type { CommitmentCheck, DefinitionPlan, DataMinimizationMatrix, PlanNode } from './plan';
export { diffDefinitions, type DefinitionDiff } from './diff';
export { projectContract, scheduleSteps, readyStepIds, mergeOutcome, prefilledFields } from './scheduling';
export type { StepOutputValues } from './scheduling';
export {
  contractEntries,
  contractFieldIds,
  normalizeEntry,
  contractReadsOutputs,
  outputMayBeMissing,
  outputReference,
  parseOutputReference,
  readAnswerPath,
  stepOutputs,
  applicantVisibleOutputs,
  type NormalizedEntry,
  type OutputReference,
  type VisibleOutput,
} from './outputs';
export {
  validateStepOutputs,
  mapAnswerToOutputs,
  composeOutputForm,
  type OutputForm,
  type OutputsResult,
} from './step-outputs';
export {
  renderNotice,
  renderTemplate,
  inspectTemplate,
  caseReference,
  formatList,
  formatDate,
  formatOutputs,
  type NoticeOutput,
  NOTICE_PLACEHOLDERS,
  NOT_APPLICABLE_NOTICE,
  type NoticePlaceholder,
} from './notice';
export type { MergedDecision, MergedOutcome, Schedule, ScheduleInput } from './scheduling';
export {
  FLOW_REASONS,
  compensationSituations,
  decidingRejection,
  onRequiredRejectionOf,
  rejectionConsequences,
  rejectionDecidesCase,
  relatedSteps,
  stepsToUndo,
  upstreamSettles,
  type CaseEndSituation,
  type RejectionConsequence,
  type StepToUndo,
} from './flow';
export { definitionJsonSchema, definitionJsonSchemaText, DEFINITION_SCHEMA_ID } from './json-schema';
export { connectorCatalog, departmentCatalog, catalogValidationContext } from './connector-catalog';
export type { CatalogConnector, CatalogDepartment } from './connector-catalog';
export { DEFINITION_ISSUE_CATALOG, type IssueCodeEntry } from './issue-catalog';
export { renderDefinitionReference, renderIssueReference, documentedProperties } from './reference';
export { evaluateTrigger, triggerPrefill, type TriggerEvaluation, type TriggerEvent } from './trigger';
