import { z } from 'zod';
import { KEBAB_CASE } from '@onething/case-model';
import { TEXT_LIMITS } from '@onething/text';
import { COMPENSATION_SITUATIONS } from './compensation-situations';

export {
  COMPENSATION_SITUATIONS,
  DEFAULT_COMPENSATION_SITUATIONS,
  type CompensationSituation,
} from './compensation-situations';

// The single source of truth for a definition's shape: the TypeScript types (z.infer) and the published
// JSON Schema (z.toJSONSchema, see json-schema.ts) are both derived from these schemas.

/** Field and step ids are referenced from CEL (`fields.<id>`, `steps.<id>.outcome`), so they must be identifiers. */
export const IDENTIFIER = /^[a-z][a-zA-Z0-9_]*$/;

/** Bounds shared by the schema (JSON Schema hints for editors) and the validator's range codes. */
export const LIMITS = {
  slaWorkingDays: { min: 1, max: 365 },
  escalationAfterWorkingDays: { min: 0, max: 365 },
  maximumAttempts: { min: 1, max: 100 },
  initialIntervalSeconds: { min: 1, max: 3600 },
  backoffCoefficient: { min: 1, max: 10 },
  maximumIntervalSeconds: { min: 1, max: 86_400 },
  attachmentMaxSizeBytes: { min: 1, max: 100 * 1024 * 1024 },
  attachmentCount: { min: 0, max: 50 },
  commitmentWorkingDays: { min: 1, max: 365 },
  confirmWithinWorkingDays: { min: 1, max: 365 },
  verifyAfterWorkingDays: { min: 1, max: 365 },
} as const;

const kebabCode = z.string().regex(KEBAB_CASE, 'expected kebab-case');
const identifier = z.string().regex(IDENTIFIER, 'expected an identifier such as hasChildren');

export const LocalizedTextSchema = z
  .strictObject({ 'zh-CN': z.string().min(1), en: z.string().min(1) })
  .meta({ id: 'LocalizedText', description: 'Text in Simplified Chinese and English.' });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;
export type Locale = keyof LocalizedText;

export const PrefillSchema = z
  .strictObject({
    source: kebabCode.meta({
      description: 'Connector that already holds the datum, e.g. household-registry.',
    }),
    path: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Location of the datum in the connector answer.' }),
  })
  .meta({ description: 'The datum is fetched from an authoritative source; the applicant is not asked.' });

const fieldBase = {
  id: identifier,
  label: LocalizedTextSchema,
  help: LocalizedTextSchema.optional(),
  required: z.boolean().default(false),
  prefill: PrefillSchema.optional(),
};

export const TextFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('text'),
  minLength: z.number().int().min(0).max(TEXT_LIMITS.hardCap).optional(),
  maxLength: z
    .number()
    .int()
    .min(1)
    .max(TEXT_LIMITS.hardCap)
    .optional()
    .meta({
      description: `Characters; default ${TEXT_LIMITS.singleLine} (${TEXT_LIMITS.multiLine} when multiline), at most ${TEXT_LIMITS.hardCap}.`,
    }),
  multiline: z.boolean().optional(),
});
export const NumberFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('number'),
  integer: z.boolean().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
});
export const DateFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('date'),
  notInFuture: z.boolean().optional(),
});
export const EnumOptionSchema = z.strictObject({ value: z.string().min(1), label: LocalizedTextSchema });
export const EnumFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('enum'),
  options: z.array(EnumOptionSchema).min(1),
});
export const BooleanFieldSchema = z.strictObject({ ...fieldBase, type: z.literal('boolean') });
export const PhoneFieldSchema = z
  .strictObject({ ...fieldBase, type: z.literal('phone') })
  .meta({ description: 'Mainland China mobile number (11 digits, starting 13-19).' });
export const AddressFieldSchema = z
  .strictObject({ ...fieldBase, type: z.literal('address') })
  .meta({ description: 'Structured address: province, city, district, detail.' });
export const ResidentIdFieldSchema = z
  .strictObject({ ...fieldBase, type: z.literal('cn-resident-id') })
  .meta({ description: 'Chinese resident identity card number (GB 11643-1999, 18 characters).' });
export const AttachmentFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('attachment'),
  accept: z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'expected a content type')).min(1),
  maxSizeBytes: z
    .number()
    .int()
    .min(LIMITS.attachmentMaxSizeBytes.min)
    .max(LIMITS.attachmentMaxSizeBytes.max),
  minCount: z.number().int().min(LIMITS.attachmentCount.min).max(LIMITS.attachmentCount.max).optional(),
  maxCount: z.number().int().min(1).max(LIMITS.attachmentCount.max).optional(),
});

export const FieldSchema = z
  .discriminatedUnion('type', [
    TextFieldSchema,
    NumberFieldSchema,
    DateFieldSchema,
    EnumFieldSchema,
    BooleanFieldSchema,
    PhoneFieldSchema,
    AddressFieldSchema,
    ResidentIdFieldSchema,
    AttachmentFieldSchema,
  ])
  .meta({
    id: 'Field',
    description: 'A datum the applicant may be asked for, or that is prefilled from a connector.',
  });
export type Field = z.infer<typeof FieldSchema>;
export type FieldType = Field['type'];
export const FIELD_TYPES = FieldSchema.options.map<FieldType>((option) => option.shape.type.value);

export const SlaSchema = z.strictObject({
  workingDays: z.number().int().min(LIMITS.slaWorkingDays.min).max(LIMITS.slaWorkingDays.max),
});
export const EscalationSchema = z.strictObject({
  to: z.union([z.literal('supervisor'), z.literal('lead-department'), kebabCode]).meta({
    description:
      "Where the task goes past its due date: supervisor (the department's supervisors take it over), " +
      'lead-department, or a department code (the task moves there). Either way it becomes urgent.',
  }),
  afterWorkingDays: z
    .number()
    .int()
    .min(LIMITS.escalationAfterWorkingDays.min)
    .max(LIMITS.escalationAfterWorkingDays.max)
    .meta({ description: 'Working days past the due date before escalating; 0 escalates at the breach.' }),
});
export const RetrySchema = z
  .strictObject({
    maximumAttempts: z.number().int().min(LIMITS.maximumAttempts.min).max(LIMITS.maximumAttempts.max),
    initialIntervalSeconds: z
      .number()
      .min(LIMITS.initialIntervalSeconds.min)
      .max(LIMITS.initialIntervalSeconds.max),
    backoffCoefficient: z.number().min(LIMITS.backoffCoefficient.min).max(LIMITS.backoffCoefficient.max),
    maximumIntervalSeconds: z
      .number()
      .min(LIMITS.maximumIntervalSeconds.min)
      .max(LIMITS.maximumIntervalSeconds.max)
      .optional(),
  })
  .meta({ description: 'Retry policy of an auto step (maps onto a Temporal activity retry policy).' });
export const CompensationSchema = z
  .strictObject({
    action: kebabCode.meta({ description: 'Name of the undo action, e.g. subsidy-clawback.' }),
    connector: kebabCode.optional(),
    when: z
      .array(z.enum(COMPENSATION_SITUATIONS))
      .optional()
      .meta({
        description:
          'The situations in which the approved step is undone: withdrawn (the applicant withdrew), ' +
          'cancelled (an administrator cancelled), case-rejected (the case ended rejected), ' +
          'dependency-rejected (only when a step it depends on, or that depends on it, transitively, was ' +
          'rejected). [] never undoes it. Absent: withdrawn, cancelled and case-rejected (the behaviour ' +
          'before `when`); write it out, scoped to what the step really rests on.',
      }),
  })
  .meta({ description: 'Undoes this approved step (saga), in the situations `when` lists.' });

/** Outcomes of an upstream step (in `after`) after which a step may still run, when it says so. */
export const UPSTREAM_OUTCOMES_RUN_ANYWAY = ['skipped', 'rejected', 'blocked'] as const;

/** An output's value types: the form's field types (an attachment is a `document`: one issued file). */
export const OUTPUT_TYPES = [
  'text',
  'number',
  'date',
  'enum',
  'boolean',
  'phone',
  'address',
  'cn-resident-id',
  'document',
] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

/** A dot path into the connector's answer, e.g. `certificate.number` or `licences.0.id`. */
export const ANSWER_PATH = /^[A-Za-z_][A-Za-z0-9_-]*(\.([A-Za-z_][A-Za-z0-9_-]*|[0-9]+))*$/;

export const StepOutputSchema = z
  .strictObject({
    id: identifier,
    type: z.enum(OUTPUT_TYPES).meta({
      description:
        'A form field type, or document: an issued file, given as an attachment reference ' +
        '{ ref, name, contentType, sizeBytes } like one item of an attachment field.',
    }),
    label: LocalizedTextSchema,
    required: z
      .boolean()
      .default(true)
      .meta({ description: 'An approval without this output is refused (manual) or fails (auto).' }),
    applicantVisible: z
      .boolean()
      .default(false)
      .meta({ description: "Listed in the applicant's result and available to the result notice." }),
    options: z
      .array(EnumOptionSchema)
      .min(1)
      .optional()
      .meta({ description: 'The allowed values of an enum output.' }),
    from: z
      .string()
      .regex(ANSWER_PATH, 'expected a dot path such as certificate.number')
      .optional()
      .meta({ description: "Auto steps: where the value sits in the department system's answer." }),
  })
  .meta({
    id: 'StepOutput',
    description: 'A typed result the step produces (a certificate number, an e-licence).',
  });
export type StepOutput = z.infer<typeof StepOutputSchema>;

/** `fieldId` or `steps.<stepId>.outputs.<outputId>`. */
export const CONTRACT_REFERENCE =
  /^([a-z][a-zA-Z0-9_]*|steps\.[a-z][a-zA-Z0-9_]*\.outputs\.[a-z][a-zA-Z0-9_]*)$/;
const contractReference = z
  .string()
  .regex(CONTRACT_REFERENCE, 'expected a field id or steps.<stepId>.outputs.<outputId>');

export const MISSING_OUTPUT_POLICIES = ['skip-entry', 'block-step'] as const;
export const ContractEntrySchema = z
  .union([
    contractReference,
    z.strictObject({
      field: contractReference,
      when: z
        .string()
        .min(1)
        .optional()
        .meta({ description: 'CEL over fields.<id>: the entry is sent only when true.' }),
      ifMissing: z
        .enum(MISSING_OUTPUT_POLICIES)
        .optional()
        .meta({
          description:
            'For an output whose producer may not produce it (optional or conditional step, optional ' +
            'output): skip-entry sends the rest without it; block-step blocks this step.',
        }),
      type: z
        .enum(OUTPUT_TYPES)
        .optional()
        .meta({ description: 'The type this step expects; checked against the output it reads.' }),
    }),
  ])
  .meta({
    id: 'ContractEntry',
    description:
      'A field id, an upstream output (steps.<stepId>.outputs.<outputId>), or a conditional entry.',
  });
export type ContractEntry = z.infer<typeof ContractEntrySchema>;

/** The pledge text when a definition gives none (承诺办: the applicant's written undertaking). */
export const DEFAULT_PLEDGE_TEXT: LocalizedText = {
  'zh-CN':
    '本人承诺所填信息和所交材料真实、完整、有效，愿意接受事后核查；如核查不实，同意撤销本事项的办理结果并承担相应责任。',
  en: 'I pledge that the information and materials I provided are true, complete and valid, and accept later verification; if verification finds otherwise, I agree that the approval of this step is revoked and accept the consequences.',
};

export const PledgeSchema = z
  .strictObject({
    verifyAfterWorkingDays: z
      .number()
      .int()
      .min(LIMITS.verifyAfterWorkingDays.min)
      .max(LIMITS.verifyAfterWorkingDays.max)
      .meta({
        description: 'Working days after the approval on the pledge before the verification step runs.',
      }),
    verification: identifier.meta({
      description:
        'The step that verifies the pledge later: it lists this step in `after`; its rejection revokes this ' +
        "step's approval (this step's `compensate` undoes it) and the applicant is told.",
    }),
    text: LocalizedTextSchema.optional().meta({
      description: 'What the applicant signs; absent: a standard pledge text.',
    }),
  })
  .meta({
    id: 'Pledge',
    description:
      "Approval on the applicant's pledge (承诺办): the step approves at once on a signed pledge, and is " +
      'verified later by another step.',
  });
export type Pledge = z.infer<typeof PledgeSchema>;

export const StepSchema = z
  .strictObject({
    id: identifier,
    title: LocalizedTextSchema,
    department: kebabCode,
    kind: z.enum(['auto', 'manual']),
    connector: kebabCode.optional().meta({ description: 'Department system called by an auto step.' }),
    contract: z
      .array(ContractEntrySchema)
      .default([])
      .meta({
        description:
          'What this step may receive (field ids, upstream outputs, conditional entries); nothing else ever ' +
          'reaches the department.',
      }),
    after: z.array(identifier).default([]),
    runsWhenUpstream: z
      .array(z.enum(UPSTREAM_OUTCOMES_RUN_ANYWAY))
      .optional()
      .meta({
        description:
          'A step whose upstream step (in `after`) was skipped is skipped, and one whose upstream step was ' +
          'rejected or blocked is blocked, each with the reason. List the upstream outcomes after which ' +
          'this step runs anyway, e.g. [skipped] for a step that does not need the skipped one.',
      }),
    when: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'CEL over fields.<id> and steps.<id>.outcome; the step is skipped when false.' }),
    required: z
      .boolean()
      .default(true)
      .meta({ description: 'A rejection of this step rejects the whole case.' }),
    sla: SlaSchema,
    escalation: EscalationSchema.optional(),
    retry: RetrySchema.optional(),
    compensate: CompensationSchema.optional(),
    outputs: z
      .array(StepOutputSchema)
      .default([])
      .meta({ description: 'Typed results of the step, readable by later steps and the applicant.' }),
    pledge: PledgeSchema.optional(),
  })
  .meta({ id: 'Step', description: "One department's part of the case." });
export type Step = z.infer<typeof StepSchema>;

export const OUTCOME_RULES = ['all-required-approved', 'all-approved'] as const;
export const OutcomeSchema = z.strictObject({
  rule: z.enum(OUTCOME_RULES).meta({
    description:
      'all-required-approved: rejected when a required step is rejected or blocked, partial when only ' +
      'optional ones are; all-approved: any rejection rejects the case. Under both, a skipped step (its ' +
      '`when` was false, or an upstream step was skipped) does not count against the case, required or ' +
      'not; a case in which no step was approved or rejected (every step skipped) ends not_applicable, ' +
      'never approved.',
  }),
  notice: z
    .strictObject({
      approved: LocalizedTextSchema,
      rejected: LocalizedTextSchema,
      partial: LocalizedTextSchema,
      notApplicable: LocalizedTextSchema.optional().meta({
        description: 'When no step ran (not_applicable); absent: a standard text.',
      }),
    })
    .meta({
      description:
        'The result notice the applicant receives, per result and language: a Mustache template, rendered ' +
        'as plain text. Placeholders: title, caseRef, caseId, approvedSteps, rejectedSteps, partialSteps, ' +
        'skippedSteps (step titles as a list in the language), submittedDate, completedDate, outputs (the ' +
        "steps' applicant-visible outputs, one per line: label and value; a document by name and download reference).",
    }),
});

/** What a required rejection does to the other steps still open. */
export const ON_REQUIRED_REJECTION = ['cancel-open', 'let-finish'] as const;
export type OnRequiredRejection = (typeof ON_REQUIRED_REJECTION)[number];
export type Outcome = z.infer<typeof OutcomeSchema>;

export const EligibilityRuleSchema = z
  .strictObject({
    id: identifier,
    rule: z
      .string()
      .min(1)
      .meta({
        description:
          'CEL over fields.<id> that must be true for the application to be accepted. today() is the ' +
          'submission date in the case time zone (Asia/Shanghai); date helpers: date(s), ageInYears(d), ' +
          'yearsBetween(a, b), daysBetween(a, b), addDays/addMonths/addYears(d, n). Dates are yyyy-MM-dd text.',
      }),
    message: LocalizedTextSchema.meta({ description: 'Shown to the applicant when the rule is not met.' }),
  })
  .meta({ id: 'EligibilityRule', description: 'A precondition of the whole case (申请条件).' });
export type EligibilityRule = z.infer<typeof EligibilityRuleSchema>;

export const CommitmentSchema = z
  .strictObject({
    workingDays: z.number().int().min(LIMITS.commitmentWorkingDays.min).max(LIMITS.commitmentWorkingDays.max),
    enforce: z.boolean().default(false).meta({
      description: 'A critical path longer than the commitment is an error (a warning when false).',
    }),
  })
  .meta({
    id: 'Commitment',
    description: 'The promised time limit of the whole case (承诺时限), in working days from submission.',
  });
export type Commitment = z.infer<typeof CommitmentSchema>;

/** A CloudEvents `type`: reverse-DNS style, dots and hyphens, e.g. `gov.civil-affairs.birth-registered`. */
export const EVENT_TYPE = /^[a-z][a-z0-9]*([.-][a-z0-9]+)*$/;

export const TriggerSchema = z
  .strictObject({
    event: z
      .string()
      .regex(EVENT_TYPE, 'expected an event type such as gov.civil-affairs.birth-registered')
      .max(200)
      .meta({ description: 'The CloudEvents `type` of the inbound event that starts a case.' }),
    eligibility: z
      .string()
      .min(1)
      .meta({
        description:
          'CEL over event.data.<path> (and event.type, event.source, event.time) that must be true for ' +
          'the event to start a case; date helpers as in eligibility rules, today() being the day received.',
      }),
    applicantFrom: z.string().regex(ANSWER_PATH, 'expected a dot path such as person.login').meta({
      description: "Where in the event's data the person's account login is: the case is theirs.",
    }),
    prefill: z
      .record(z.string().regex(IDENTIFIER), z.string().regex(ANSWER_PATH, 'expected a dot path'))
      .optional()
      .meta({
        description:
          "Form field id → dot path in the event's data: the person confirms these, and answers only the rest.",
      }),
    confirmWithinWorkingDays: z
      .number()
      .int()
      .min(LIMITS.confirmWithinWorkingDays.min)
      .max(LIMITS.confirmWithinWorkingDays.max)
      .optional()
      .meta({
        description: 'Working days the person has to confirm; then the case closes as expired. Default 10.',
      }),
  })
  .meta({
    id: 'Trigger',
    description:
      'A proactive one-thing (免申即享): an inbound event from a department system starts the case for ' +
      'the eligible person, who only confirms (or declines).',
  });
export type Trigger = z.infer<typeof TriggerSchema>;

/** Working days to confirm a proactive case when its trigger does not say. */
export const DEFAULT_CONFIRM_WITHIN_WORKING_DAYS = 10;

export const DefinitionSchema = z
  .strictObject({
    key: kebabCode,
    version: z.number().int().min(1),
    title: LocalizedTextSchema,
    description: LocalizedTextSchema,
    leadDepartment: kebabCode.meta({
      description: 'Lead department (牵头部门), owner of the case end to end.',
    }),
    fields: z.array(FieldSchema),
    steps: z.array(StepSchema).min(1),
    outcome: OutcomeSchema,
    eligibility: z
      .array(EligibilityRuleSchema)
      .optional()
      .meta({ description: 'Every rule must hold, or the submission is refused and nothing is stored.' }),
    commitment: CommitmentSchema.optional(),
    onRequiredRejection: z
      .enum(ON_REQUIRED_REJECTION)
      .optional()
      .meta({
        description:
          'Once a rejection decides the case (a required step, or any step under all-approved): ' +
          'cancel-open (default) cancels the open tasks and the failed steps waiting for a retry, with the ' +
          'reason, tells their departments, and starts no further step; let-finish lets them finish.',
      }),
    trigger: TriggerSchema.optional(),
  })
  .meta({ title: 'Onething one-thing definition', description: 'A one-thing (一件事) case definition.' });

/** A definition after parsing: defaults applied. */
export type Definition = z.infer<typeof DefinitionSchema>;
/** A definition as authored: defaulted properties may be left out. */
export type DefinitionInput = z.input<typeof DefinitionSchema>;

export const STEP_OUTCOMES = ['approved', 'rejected', 'skipped', 'blocked'] as const;
/**
 * skipped: its `when` was false, or an upstream step was skipped; blocked: an upstream step was rejected
 * or blocked (or, with cancel-open, the case was already rejected), so it can never run.
 */
export type StepOutcome = (typeof STEP_OUTCOMES)[number];
