import { TextProblemCode } from '@onething/text';
import type { LocalizedText } from './schema';

/** Stable machine-readable codes of definition issues: API clients and the admin UI switch on these. */
export const DefinitionIssueCode = {
  SourceUnparsable: 'SOURCE_UNPARSABLE',
  NotAnObject: 'NOT_AN_OBJECT',
  MissingProperty: 'MISSING_PROPERTY',
  UnknownProperty: 'UNKNOWN_PROPERTY',
  InvalidValue: 'INVALID_VALUE',
  DuplicateFieldId: 'DUPLICATE_FIELD_ID',
  DuplicateStepId: 'DUPLICATE_STEP_ID',
  DuplicateEnumOption: 'DUPLICATE_ENUM_OPTION',
  UnknownStep: 'UNKNOWN_STEP',
  DependencyCycle: 'DEPENDENCY_CYCLE',
  StepNeverRuns: 'STEP_NEVER_RUNS',
  ConditionSyntax: 'CONDITION_SYNTAX',
  ConditionNotBoolean: 'CONDITION_NOT_BOOLEAN',
  ConditionUnknownField: 'CONDITION_UNKNOWN_FIELD',
  ConditionUnknownStep: 'CONDITION_UNKNOWN_STEP',
  ConditionStepNotUpstream: 'CONDITION_STEP_NOT_UPSTREAM',
  ConditionInvalidReference: 'CONDITION_INVALID_REFERENCE',
  ConditionAlwaysTrue: 'CONDITION_ALWAYS_TRUE',
  /** Longer, larger or more deeply nested than a condition may be (its cost is bounded). */
  ConditionTooComplex: 'CONDITION_TOO_COMPLEX',
  /** A `matches()` pattern outside RE2 syntax: backreferences, lookaround. */
  ConditionRegexUnsupported: 'CONDITION_REGEX_UNSUPPORTED',
  /** A `matches()` pattern that is not a string literal. */
  ConditionRegexNotLiteral: 'CONDITION_REGEX_NOT_LITERAL',
  ContractUnknownField: 'CONTRACT_UNKNOWN_FIELD',
  ContractDuplicateField: 'CONTRACT_DUPLICATE_FIELD',
  /** `steps.<id>.outputs.<id>` names a step or an output that does not exist. */
  ContractUnknownOutput: 'CONTRACT_UNKNOWN_OUTPUT',
  /** The producing step is not upstream (transitively in `after`): its output cannot exist yet. */
  ContractOutputNotUpstream: 'CONTRACT_OUTPUT_NOT_UPSTREAM',
  /** The producer may end without the output (optional, conditional, optional output) and no `ifMissing` says what then. */
  ContractOutputMayBeMissing: 'CONTRACT_OUTPUT_MAY_BE_MISSING',
  /** The entry's declared `type` is not the type of what it reads. */
  ContractTypeMismatch: 'CONTRACT_TYPE_MISMATCH',
  DuplicateOutputId: 'DUPLICATE_OUTPUT_ID',
  /** `from` maps a department system's answer: a manual step has none. */
  OutputFromOnManualStep: 'OUTPUT_FROM_ON_MANUAL_STEP',
  /** An enum output lists no options. */
  OutputOptionsMissing: 'OUTPUT_OPTIONS_MISSING',
  FieldUnused: 'FIELD_UNUSED',
  FieldRangeInvalid: 'FIELD_RANGE_INVALID',
  UnknownConnector: 'UNKNOWN_CONNECTOR',
  UnknownDepartment: 'UNKNOWN_DEPARTMENT',
  SlaOutOfRange: 'SLA_OUT_OF_RANGE',
  RetryOutOfRange: 'RETRY_OUT_OF_RANGE',
  RetryOnManualStep: 'RETRY_ON_MANUAL_STEP',
  OutcomeNoRequiredStep: 'OUTCOME_NO_REQUIRED_STEP',
  AutoStepWithoutConnector: 'AUTO_STEP_WITHOUT_CONNECTOR',
  ManualStepWithConnector: 'MANUAL_STEP_WITH_CONNECTOR',
  NoticeUnknownPlaceholder: 'NOTICE_UNKNOWN_PLACEHOLDER',
  /** Two eligibility rules with one id. */
  DuplicateEligibilityId: 'DUPLICATE_ELIGIBILITY_ID',
  /** An eligibility rule reads a step outcome: none is known at submission. */
  EligibilityReadsStep: 'ELIGIBILITY_READS_STEP',
  /** An eligibility rule reads a prefilled field, which is fetched only after submission. */
  EligibilityReadsPrefilled: 'ELIGIBILITY_READS_PREFILLED',
  /** An eligibility rule that is always false: no application could ever be accepted. */
  EligibilityNeverMet: 'ELIGIBILITY_NEVER_MET',
  /** A critical path is longer than the case's commitment (a warning unless `enforce`). */
  CommitmentExceeded: 'COMMITMENT_EXCEEDED',
  /** `compensate.when` lists a situation twice. */
  CompensateWhenDuplicate: 'COMPENSATE_WHEN_DUPLICATE',
  /** `compensate.when: [dependency-rejected]` on a step no other step depends on or precedes: never applies. */
  CompensateWhenNeverApplies: 'COMPENSATE_WHEN_NEVER_APPLIES',
  /** `runsWhenUpstream` on a step without upstream steps, or listing an outcome twice. */
  RunsWhenUpstreamIneffective: 'RUNS_WHEN_UPSTREAM_INEFFECTIVE',
  /** A trigger's eligibility reads the application (`fields`, `steps`): it sees only `event`. */
  TriggerReadsApplication: 'TRIGGER_READS_APPLICATION',
  /** A trigger's eligibility is always false: no event could ever start a case. */
  TriggerNeverEligible: 'TRIGGER_NEVER_ELIGIBLE',
  /** A trigger prefills a field the form does not have. */
  TriggerPrefillUnknownField: 'TRIGGER_PREFILL_UNKNOWN_FIELD',
  /** A trigger prefills an attachment: an event carries no uploaded files. */
  TriggerPrefillAttachment: 'TRIGGER_PREFILL_ATTACHMENT',
  /** `pledge.verification` names no step of the definition. */
  PledgeUnknownVerification: 'PLEDGE_UNKNOWN_VERIFICATION',
  /** A pledged step names itself as its verification. */
  PledgeVerificationSelf: 'PLEDGE_VERIFICATION_SELF',
  /** The verification step does not list the pledged step in `after`: it could run before the approval. */
  PledgeVerificationNotAfter: 'PLEDGE_VERIFICATION_NOT_AFTER',
  /** The verification step is itself approved on a pledge: nothing would ever verify it. */
  PledgeVerificationPledged: 'PLEDGE_VERIFICATION_PLEDGED',
  /** A pledged step without `compensate`: a failed verification could not revoke its approval. */
  PledgeWithoutCompensation: 'PLEDGE_WITHOUT_COMPENSATION',
  /** A pledged step's `compensate.when` leaves out dependency-rejected: its verification's rejection would not undo it. */
  PledgeNotRevocable: 'PLEDGE_NOT_REVOCABLE',
  /** A pledged step declares required outputs: approved on a pledge, nobody produces them. */
  PledgeStepOutputs: 'PLEDGE_STEP_OUTPUTS',
  /** A string of the document breaks the text policy (a NUL, a lone surrogate, a bidi control). */
  ...TextProblemCode,
  /** Not a usable Mustache template: an unclosed tag or section, a partial. */
  NoticeTemplateInvalid: 'NOTICE_TEMPLATE_INVALID',
  /** A check itself failed (a bug, or a malformed context): reported rather than thrown. */
  ValidatorFailure: 'VALIDATOR_FAILURE',
} as const;
export type DefinitionIssueCode = (typeof DefinitionIssueCode)[keyof typeof DefinitionIssueCode];

export type JsonPath = (string | number)[];
export type IssueSeverity = 'error' | 'warning';

export interface DefinitionIssue {
  code: DefinitionIssueCode;
  severity: IssueSeverity;
  /** Path to the offending node; always resolves in the document (trimmed to the nearest existing node). */
  path: JsonPath;
  /** The same path as an RFC 6901 JSON Pointer. */
  pointer: string;
  /** 1-based position of the node when the definition was given as YAML or JSON text. */
  line?: number;
  column?: number;
  message: LocalizedText;
  /** Facts an editor can act on, e.g. the members of a cycle. */
  details?: Record<string, unknown>;
}

export function toJsonPointer(path: JsonPath): string {
  return path.map((segment) => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function issue(
  code: DefinitionIssueCode,
  path: JsonPath,
  message: LocalizedText,
  details?: Record<string, unknown>,
  severity: IssueSeverity = 'error',
): DefinitionIssue {
  return { code, severity, path, pointer: toJsonPointer(path), message, ...(details ? { details } : {}) };
}

export function localized(zh: string, en: string): LocalizedText {
  return { 'zh-CN': zh, en };
}
