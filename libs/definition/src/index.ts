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
export { buildSubmissionSchema, validateSubmission, SubmissionErrorCode } from './submission';
export type { SubmissionError, SubmissionOptions, SubmissionResult } from './submission';
export { planDefinition, dataMinimizationMatrix, renderMermaid } from './plan';
export type { DefinitionPlan, DataMinimizationMatrix, PlanNode } from './plan';
export { diffDefinitions, type DefinitionDiff } from './diff';
export { projectContract, scheduleSteps, readyStepIds, mergeOutcome, prefilledFields } from './scheduling';
export {
  renderNotice,
  renderTemplate,
  inspectTemplate,
  caseReference,
  formatList,
  formatDate,
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
