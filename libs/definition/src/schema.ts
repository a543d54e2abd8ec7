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

/**
 * zh-CN descriptions, beside the English ones that zod's global registry holds (and the JSON Schema
 * carries): the definition-language reference (docs/reference/definition-language*.md) is generated from
 * both, and a unit test fails when a property lacks either.
 */
export const zhDescriptions = z.registry<{ description: string }>();

/** Describes a schema in both languages (English in the JSON Schema, zh-CN in `zhDescriptions`). */
function described<T extends z.ZodType>(schema: T, en: string, zh: string): T {
  const withMeta = schema.meta({ description: en });
  zhDescriptions.add(withMeta, { description: zh });
  return withMeta;
}

const kebabCode = z.string().regex(KEBAB_CASE, 'expected kebab-case');
const identifier = z.string().regex(IDENTIFIER, 'expected an identifier such as hasChildren');

export const LocalizedTextSchema = z
  .strictObject({
    'zh-CN': described(z.string().min(1), 'Simplified Chinese.', '简体中文。'),
    en: described(z.string().min(1), 'English.', '英文。'),
  })
  .meta({ id: 'LocalizedText', description: 'Text in Simplified Chinese and English.' })
  .register(zhDescriptions, { description: '简体中文和英文两种语言的文本。' });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;
export type Locale = keyof LocalizedText;

export const PrefillSchema = z
  .strictObject({
    source: described(
      kebabCode,
      'Connector that already holds the datum, e.g. household-registry.',
      '已持有该数据的连接器，例如 household-registry。',
    ),
    path: described(
      z.string().min(1).optional(),
      'Location of the datum in the connector answer.',
      '该数据在连接器应答中的位置。',
    ),
  })
  .meta({ description: 'The datum is fetched from an authoritative source; the applicant is not asked.' })
  .register(zhDescriptions, { description: '数据从权威来源获取，不再询问申请人（免填）。' });

const fieldBase = {
  id: described(
    identifier,
    'The field id, read in contracts and conditions as fields.<id>.',
    '字段 id；在数据契约和条件中以 fields.<id> 引用。',
  ),
  label: described(LocalizedTextSchema, 'The question on the form.', '表单上的问题（标签）。'),
  help: described(LocalizedTextSchema.optional(), 'A hint under the question.', '问题下方的提示。'),
  required: described(z.boolean().default(false), 'The applicant must answer it.', '申请人必须填写。'),
  prefill: described(
    PrefillSchema.optional(),
    'Fetched from a connector instead of asked.',
    '从连接器获取，而不询问申请人。',
  ),
};

export const TextFieldSchema = z.strictObject({
  ...fieldBase,
  type: described(z.literal('text'), 'Free text.', '文本。'),
  minLength: described(
    z.number().int().min(0).max(TEXT_LIMITS.hardCap).optional(),
    'Fewest characters.',
    '最少字符数。',
  ),
  maxLength: described(
    z.number().int().min(1).max(TEXT_LIMITS.hardCap).optional(),
    `Characters; default ${TEXT_LIMITS.singleLine} (${TEXT_LIMITS.multiLine} when multiline), at most ${TEXT_LIMITS.hardCap}.`,
    `最多字符数；默认 ${TEXT_LIMITS.singleLine}（多行时 ${TEXT_LIMITS.multiLine}），上限 ${TEXT_LIMITS.hardCap}。`,
  ),
  multiline: described(z.boolean().optional(), 'Several lines (a text area).', '多行文本。'),
});
export const NumberFieldSchema = z.strictObject({
  ...fieldBase,
  type: described(z.literal('number'), 'A number.', '数字。'),
  integer: described(z.boolean().optional(), 'Whole numbers only.', '只允许整数。'),
  minimum: described(z.number().optional(), 'Smallest value allowed.', '允许的最小值。'),
  maximum: described(z.number().optional(), 'Largest value allowed.', '允许的最大值。'),
});
export const DateFieldSchema = z.strictObject({
  ...fieldBase,
  type: described(z.literal('date'), 'A calendar date, yyyy-MM-dd.', '日期，格式 yyyy-MM-dd。'),
  notInFuture: described(z.boolean().optional(), 'Not after today.', '不得晚于今天。'),
});
export const EnumOptionSchema = z
  .strictObject({
    value: described(z.string().min(1), 'The stored value.', '存储的值。'),
    label: described(LocalizedTextSchema, 'What the applicant sees.', '申请人看到的文字。'),
  })
  .meta({ description: 'One choice of an enum.' })
  .register(zhDescriptions, { description: '枚举的一个选项。' });
export const EnumFieldSchema = z.strictObject({
  ...fieldBase,
  type: described(z.literal('enum'), 'One choice among options.', '从选项中选择一个。'),
  options: described(z.array(EnumOptionSchema).min(1), 'The choices.', '可选项。'),
});
export const BooleanFieldSchema = z.strictObject({
  ...fieldBase,
  type: described(z.literal('boolean'), 'Yes or no.', '是或否。'),
});
export const PhoneFieldSchema = z
  .strictObject({
    ...fieldBase,
    type: described(z.literal('phone'), 'A mainland mobile number.', '中国大陆手机号码。'),
  })
  .meta({ description: 'Mainland China mobile number (11 digits, starting 13-19).' });
export const AddressFieldSchema = z
  .strictObject({
    ...fieldBase,
    type: described(z.literal('address'), 'A structured address.', '结构化地址。'),
  })
  .meta({ description: 'Structured address: province, city, district, detail.' });
export const ResidentIdFieldSchema = z
  .strictObject({
    ...fieldBase,
    type: described(z.literal('cn-resident-id'), 'A resident identity card number.', '居民身份证号码。'),
  })
  .meta({ description: 'Chinese resident identity card number (GB 11643-1999, 18 characters).' });
export const AttachmentFieldSchema = z.strictObject({
  ...fieldBase,
  type: described(z.literal('attachment'), 'Uploaded files (materials).', '上传的文件（材料）。'),
  accept: described(
    z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'expected a content type')).min(1),
    "Content types the files' bytes may show, e.g. application/pdf.",
    '文件内容允许的类型，例如 application/pdf。',
  ),
  maxSizeBytes: described(
    z.number().int().min(LIMITS.attachmentMaxSizeBytes.min).max(LIMITS.attachmentMaxSizeBytes.max),
    "Largest file, in bytes (the deployment's UPLOAD_MAX_BYTES still applies).",
    '单个文件的最大字节数（部署的 UPLOAD_MAX_BYTES 仍然适用）。',
  ),
  minCount: described(
    z.number().int().min(LIMITS.attachmentCount.min).max(LIMITS.attachmentCount.max).optional(),
    'Fewest files.',
    '最少文件数。',
  ),
  maxCount: described(
    z.number().int().min(1).max(LIMITS.attachmentCount.max).optional(),
    'Most files.',
    '最多文件数。',
  ),
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
  })
  .register(zhDescriptions, { description: '可能询问申请人的一项数据，或从连接器预填的数据。' });
export type Field = z.infer<typeof FieldSchema>;
export type FieldType = Field['type'];
export const FIELD_TYPES = FieldSchema.options.map<FieldType>((option) => option.shape.type.value);

export const SlaSchema = z
  .strictObject({
    workingDays: described(
      z.number().int().min(LIMITS.slaWorkingDays.min).max(LIMITS.slaWorkingDays.max),
      'Working days the department has, over the working calendar.',
      '部门办理的工作日数（按工作日历计算）。',
    ),
  })
  .meta({ description: "The step's time limit (办理时限)." })
  .register(zhDescriptions, { description: '步骤的办理时限。' });
export const EscalationSchema = z
  .strictObject({
    to: described(
      z.union([z.literal('supervisor'), z.literal('lead-department'), kebabCode]),
      "Where the task goes past its due date: supervisor (the department's supervisors take it over), " +
        'lead-department, or a department code (the task moves there). Either way it becomes urgent.',
      '逾期后任务去向：supervisor（本部门主管接手）、lead-department（牵头部门）或某个部门代码（任务转到该部门）。无论哪种都标为紧急。',
    ),
    afterWorkingDays: described(
      z.number().int().min(LIMITS.escalationAfterWorkingDays.min).max(LIMITS.escalationAfterWorkingDays.max),
      'Working days past the due date before escalating; 0 escalates at the breach.',
      '逾期多少个工作日后升级；0 表示一逾期即升级。',
    ),
  })
  .meta({ description: 'What happens to a manual task past its due date.' })
  .register(zhDescriptions, { description: '人工任务逾期后的处理（督办升级）。' });
export const RetrySchema = z
  .strictObject({
    maximumAttempts: described(
      z.number().int().min(LIMITS.maximumAttempts.min).max(LIMITS.maximumAttempts.max),
      'Calls in all, the first included (a connector may cap it lower).',
      '总调用次数，含第一次（连接器可设更低上限）。',
    ),
    initialIntervalSeconds: described(
      z.number().min(LIMITS.initialIntervalSeconds.min).max(LIMITS.initialIntervalSeconds.max),
      'Wait before the first retry, in seconds.',
      '第一次重试前等待的秒数。',
    ),
    backoffCoefficient: described(
      z.number().min(LIMITS.backoffCoefficient.min).max(LIMITS.backoffCoefficient.max),
      'Each wait is the previous one times this.',
      '每次等待时间是上一次的多少倍。',
    ),
    maximumIntervalSeconds: described(
      z.number().min(LIMITS.maximumIntervalSeconds.min).max(LIMITS.maximumIntervalSeconds.max).optional(),
      'Longest wait between two calls, in seconds.',
      '两次调用之间最长等待的秒数。',
    ),
  })
  .meta({ description: 'Retry policy of an auto step (maps onto a Temporal activity retry policy).' })
  .register(zhDescriptions, { description: '自动步骤的重试策略（对应 Temporal activity 的重试策略）。' });
export const CompensationSchema = z
  .strictObject({
    action: described(
      kebabCode,
      'Name of the undo action, e.g. subsidy-clawback.',
      '撤销动作的名称，例如 subsidy-clawback。',
    ),
    connector: described(
      kebabCode.optional(),
      "The connector the undo goes through (default: the step's).",
      '执行撤销所用的连接器（默认：步骤自己的连接器）。',
    ),
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
      })
      .register(zhDescriptions, {
        description:
          '在哪些情形下撤销已通过的步骤：withdrawn（申请人撤回）、cancelled（管理员取消）、case-rejected（办件被驳回）、' +
          'dependency-rejected（仅当它依赖的步骤或依赖它的步骤（传递地）被驳回）。[] 表示从不撤销。' +
          '不写：withdrawn、cancelled 和 case-rejected（when 出现之前的行为）；新定义请写明，并限定在步骤真正依赖的情形。',
      }),
  })
  .meta({ description: 'Undoes this approved step (saga), in the situations `when` lists.' })
  .register(zhDescriptions, { description: '在 when 列出的情形下撤销已通过的本步骤（补偿，saga）。' });

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
    id: described(
      identifier,
      'The output id, read by later steps as steps.<stepId>.outputs.<id>.',
      '输出 id；后续步骤以 steps.<stepId>.outputs.<id> 读取。',
    ),
    type: described(
      z.enum(OUTPUT_TYPES),
      'A form field type, or document: an issued file, given as an attachment reference ' +
        '{ ref, name, contentType, sizeBytes } like one item of an attachment field.',
      '表单字段类型之一，或 document：出具的文件，以附件引用 { ref, name, contentType, sizeBytes } 给出，与附件字段的一项相同。',
    ),
    label: described(LocalizedTextSchema, 'What the output is called.', '输出的名称。'),
    required: described(
      z.boolean().default(true),
      'An approval without this output is refused (manual) or fails (auto).',
      '缺少该输出的通过会被拒绝（人工步骤）或失败（自动步骤）。',
    ),
    applicantVisible: described(
      z.boolean().default(false),
      "Listed in the applicant's result and available to the result notice.",
      '列入申请人的办理结果，并可在结果通知中使用。',
    ),
    options: described(
      z.array(EnumOptionSchema).min(1).optional(),
      'The allowed values of an enum output.',
      '枚举类型输出允许的取值。',
    ),
    from: described(
      z.string().regex(ANSWER_PATH, 'expected a dot path such as certificate.number').optional(),
      "Auto steps: where the value sits in the department system's answer (default: the output's id).",
      '自动步骤：该值在部门系统应答中的位置（默认：输出 id）。',
    ),
  })
  .meta({
    id: 'StepOutput',
    description: 'A typed result the step produces (a certificate number, an e-licence).',
  })
  .register(zhDescriptions, { description: '步骤产出的有类型的结果（证书编号、电子证照）。' });
export type StepOutput = z.infer<typeof StepOutputSchema>;

/** `fieldId` or `steps.<stepId>.outputs.<outputId>`. */
export const CONTRACT_REFERENCE =
  /^([a-z][a-zA-Z0-9_]*|steps\.[a-z][a-zA-Z0-9_]*\.outputs\.[a-z][a-zA-Z0-9_]*)$/;
const contractReference = z
  .string()
  .regex(CONTRACT_REFERENCE, 'expected a field id or steps.<stepId>.outputs.<outputId>');

export const MISSING_OUTPUT_POLICIES = ['skip-entry', 'block-step'] as const;
/** The object form of a contract entry (documented on its own in the reference). */
export const ConditionalContractEntrySchema = z
  .strictObject({
    field: described(
      contractReference,
      'A field id or steps.<stepId>.outputs.<outputId>.',
      '字段 id 或 steps.<stepId>.outputs.<outputId>。',
    ),
    when: described(
      z.string().min(1).optional(),
      'CEL over fields.<id>: the entry is sent only when true.',
      '基于 fields.<id> 的 CEL 条件：为真时才发送该条目。',
    ),
    ifMissing: described(
      z.enum(MISSING_OUTPUT_POLICIES).optional(),
      'For an output whose producer may not produce it (optional or conditional step, optional ' +
        'output): skip-entry sends the rest without it; block-step blocks this step.',
      '当产出步骤可能不产出该输出（可选或有条件的步骤、非必需输出）时：skip-entry 不带它发送其余数据；block-step 阻塞本步骤。',
    ),
    type: described(
      z.enum(OUTPUT_TYPES).optional(),
      'The type this step expects; checked against the output it reads.',
      '本步骤期望的类型；与所读取的输出核对。',
    ),
  })
  .meta({ description: 'A contract entry with a condition, a missing-output policy or an expected type.' })
  .register(zhDescriptions, { description: '带条件、缺失策略或期望类型的契约条目。' });
export const ContractEntrySchema = z
  .union([contractReference, ConditionalContractEntrySchema])
  .meta({
    id: 'ContractEntry',
    description:
      'A field id, an upstream output (steps.<stepId>.outputs.<outputId>), or a conditional entry.',
  })
  .register(zhDescriptions, {
    description: '字段 id、上游输出（steps.<stepId>.outputs.<outputId>）或带条件的条目。',
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
    id: described(
      identifier,
      'The step id, read in conditions as steps.<id>.outcome and in `after`.',
      '步骤 id；在条件中以 steps.<id>.outcome 引用，也用于 after。',
    ),
    title: described(LocalizedTextSchema, 'What the step is called.', '步骤名称。'),
    department: described(kebabCode, 'The department that does the step.', '办理该步骤的部门代码。'),
    kind: described(
      z.enum(['auto', 'manual']),
      "auto: the department's system is called through the connector; manual: a task opens in the department's worklist.",
      'auto：通过连接器调用部门系统；manual：在部门待办中生成任务。',
    ),
    connector: described(
      kebabCode.optional(),
      'Department system called by an auto step.',
      '自动步骤调用的部门系统（连接器）。',
    ),
    contract: described(
      z.array(ContractEntrySchema).default([]),
      'What this step may receive (field ids, upstream outputs, conditional entries); nothing else ever ' +
        'reaches the department.',
      '本步骤可以收到的数据（字段 id、上游输出、带条件的条目）；此外任何数据都不会送达该部门。',
    ),
    after: described(
      z.array(identifier).default([]),
      'Steps that must be settled before this one starts; steps without `after` start at once, in parallel.',
      '本步骤开始前必须办结的步骤；没有 after 的步骤立即并行开始。',
    ),
    runsWhenUpstream: described(
      z.array(z.enum(UPSTREAM_OUTCOMES_RUN_ANYWAY)).optional(),
      'A step whose upstream step (in `after`) was skipped is skipped, and one whose upstream step was ' +
        'rejected or blocked is blocked, each with the reason. List the upstream outcomes after which ' +
        'this step runs anyway, e.g. [skipped] for a step that does not need the skipped one.',
      '上游步骤（after 中）被跳过时本步骤也跳过，上游被驳回或阻塞时本步骤被阻塞，并附原因。列出即使上游如此本步骤仍要执行的结果，例如 [skipped]。',
    ),
    when: described(
      z.string().min(1).optional(),
      'CEL over fields.<id> and steps.<id>.outcome; the step is skipped when false.',
      '基于 fields.<id> 和 steps.<id>.outcome 的 CEL 条件；为假时跳过该步骤。',
    ),
    required: described(
      z.boolean().default(true),
      'A rejection of this step rejects the whole case.',
      '该步骤被驳回即整个办件被驳回。',
    ),
    sla: described(SlaSchema, "The step's time limit in working days.", '以工作日计的办理时限。'),
    escalation: described(
      EscalationSchema.optional(),
      'Manual steps: what happens past the due date.',
      '人工步骤：逾期后的督办升级。',
    ),
    retry: described(
      RetrySchema.optional(),
      'Auto steps: how the department system is retried after a transport failure.',
      '自动步骤：传输失败后如何重试部门系统。',
    ),
    compensate: described(
      CompensationSchema.optional(),
      'How an approval of this step is undone when the case does not stand.',
      '办件不成立时如何撤销本步骤的通过。',
    ),
    outputs: described(
      z.array(StepOutputSchema).default([]),
      'Typed results of the step, readable by later steps and the applicant.',
      '步骤的有类型结果，后续步骤和申请人可读取。',
    ),
    pledge: described(
      PledgeSchema.optional(),
      "Pledge mode (承诺办): approved at once on the applicant's signed pledge, verified later by another step.",
      '承诺办：凭申请人签署的承诺即时通过，由另一步骤事后核查。',
    ),
  })
  .meta({ id: 'Step', description: "One department's part of the case." })
  .register(zhDescriptions, { description: '一个部门在办件中承担的部分。' });
export type Step = z.infer<typeof StepSchema>;

export const OUTCOME_RULES = ['all-required-approved', 'all-approved'] as const;
export const NoticeTemplatesSchema = z
  .strictObject({
    approved: described(LocalizedTextSchema, 'When the case is approved.', '办件通过时。'),
    rejected: described(LocalizedTextSchema, 'When the case is rejected.', '办件被驳回时。'),
    partial: described(
      LocalizedTextSchema,
      'When only optional steps were rejected.',
      '只有可选步骤被驳回时（部分通过）。',
    ),
    notApplicable: described(
      LocalizedTextSchema.optional(),
      'When no step ran (not_applicable); absent: a standard text.',
      '没有任何步骤执行时（not_applicable）；不写则使用标准文本。',
    ),
  })
  .meta({ description: 'One Mustache template per result and language.' })
  .register(zhDescriptions, { description: '每种结果、每种语言一份 Mustache 模板。' });
export const OutcomeSchema = z
  .strictObject({
    rule: described(
      z.enum(OUTCOME_RULES),
      'all-required-approved: rejected when a required step is rejected or blocked, partial when only ' +
        'optional ones are; all-approved: any rejection rejects the case. Under both, a skipped step (its ' +
        '`when` was false, or an upstream step was skipped) does not count against the case, required or ' +
        'not; a case in which no step was approved or rejected (every step skipped) ends not_applicable, ' +
        'never approved.',
      'all-required-approved：必需步骤被驳回或阻塞则驳回，只有可选步骤被驳回则部分通过；all-approved：任何驳回都驳回办件。' +
        '两种规则下，被跳过的步骤（when 为假或上游被跳过）都不影响结果；没有任何步骤通过或驳回（全部跳过）的办件以 not_applicable 结束，绝不是通过。',
    ),
    notice: described(
      NoticeTemplatesSchema,
      'The result notice the applicant receives, per result and language: a Mustache template, rendered ' +
        'as plain text. Placeholders: title, caseRef, caseId, approvedSteps, rejectedSteps, partialSteps, ' +
        'skippedSteps (step titles as a list in the language), submittedDate, completedDate, outputs (the ' +
        "steps' applicant-visible outputs, one per line: label and value; a document by name and download reference).",
      '申请人收到的结果通知，按结果和语言各一份：Mustache 模板，按纯文本渲染。占位符：title、caseRef、caseId、' +
        'approvedSteps、rejectedSteps、partialSteps、skippedSteps（以该语言列出的步骤名称）、submittedDate、' +
        'completedDate、outputs（各步骤对申请人可见的输出，每行一项：名称和值；文件以名称和下载引用表示）。',
    ),
  })
  .meta({ description: 'How the steps’ outcomes merge into one result, and what the applicant is told.' })
  .register(zhDescriptions, { description: '各步骤结果如何合并为一个结果，以及告知申请人的内容。' });

/** What a required rejection does to the other steps still open. */
export const ON_REQUIRED_REJECTION = ['cancel-open', 'let-finish'] as const;
export type OnRequiredRejection = (typeof ON_REQUIRED_REJECTION)[number];
export type Outcome = z.infer<typeof OutcomeSchema>;

export const EligibilityRuleSchema = z
  .strictObject({
    id: described(identifier, 'The rule id, unique in the definition.', '规则 id，在定义中唯一。'),
    rule: described(
      z.string().min(1),
      'CEL over fields.<id> that must be true for the application to be accepted. today() is the ' +
        'submission date in the case time zone (Asia/Shanghai); date helpers: date(s), ageInYears(d), ' +
        'yearsBetween(a, b), daysBetween(a, b), addDays/addMonths/addYears(d, n). Dates are yyyy-MM-dd text.',
      '基于 fields.<id> 的 CEL 表达式，为真才受理申请。today() 是办件时区（Asia/Shanghai）的提交日期；日期函数：' +
        'date(s)、ageInYears(d)、yearsBetween(a, b)、daysBetween(a, b)、addDays/addMonths/addYears(d, n)。日期为 yyyy-MM-dd 文本。',
    ),
    message: described(
      LocalizedTextSchema,
      'Shown to the applicant when the rule is not met.',
      '不满足条件时向申请人显示的说明。',
    ),
  })
  .meta({ id: 'EligibilityRule', description: 'A precondition of the whole case (申请条件).' })
  .register(zhDescriptions, { description: '整个办件的申请条件。' });
export type EligibilityRule = z.infer<typeof EligibilityRuleSchema>;

export const CommitmentSchema = z
  .strictObject({
    workingDays: described(
      z.number().int().min(LIMITS.commitmentWorkingDays.min).max(LIMITS.commitmentWorkingDays.max),
      'Working days from submission.',
      '自提交起的工作日数。',
    ),
    enforce: described(
      z.boolean().default(false),
      'A critical path longer than the commitment is an error (a warning when false).',
      '关键路径长于承诺时限时报错（为 false 时只是警告）。',
    ),
  })
  .meta({
    id: 'Commitment',
    description: 'The promised time limit of the whole case (承诺时限), in working days from submission.',
  })
  .register(zhDescriptions, { description: '整个办件的承诺时限，自提交起以工作日计。' });
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
    key: described(
      kebabCode,
      'The one-thing’s key, fixed for all its versions, e.g. talent-settlement.',
      '一件事的标识，各版本不变，例如 talent-settlement。',
    ),
    version: described(
      z.number().int().min(1),
      'The version number; the server numbers new drafts itself (highest + 1).',
      '版本号；服务器会自行为新草稿编号（最高版本 + 1）。',
    ),
    title: described(LocalizedTextSchema, 'What the one-thing is called.', '一件事的名称。'),
    description: described(
      LocalizedTextSchema,
      'What it is for, shown in the catalog.',
      '用途说明，显示在事项目录中。',
    ),
    leadDepartment: described(
      kebabCode,
      'Lead department (牵头部门), owner of the case end to end.',
      '牵头部门，对办件全程负责。',
    ),
    fields: described(
      z.array(FieldSchema),
      'The data the applicant may be asked for (the one form), or that is prefilled.',
      '可能询问申请人的数据（一张表单），或预填的数据。',
    ),
    steps: described(
      z.array(StepSchema).min(1),
      'One entry per department part; they run in parallel unless `after` orders them.',
      '每个部门环节一项；除非 after 规定顺序，否则并行执行。',
    ),
    outcome: described(
      OutcomeSchema,
      'How the outcomes merge and the result notice.',
      '结果合并规则与结果通知。',
    ),
    eligibility: described(
      z.array(EligibilityRuleSchema).optional(),
      'Every rule must hold, or the submission is refused and nothing is stored.',
      '每条规则都必须满足，否则拒绝提交且不存储任何内容。',
    ),
    commitment: described(
      CommitmentSchema.optional(),
      'The promised time limit of the whole case.',
      '整个办件的承诺时限。',
    ),
    onRequiredRejection: described(
      z.enum(ON_REQUIRED_REJECTION).optional(),
      'Once a rejection decides the case (a required step, or any step under all-approved): ' +
        'cancel-open (default) cancels the open tasks and the failed steps waiting for a retry, with the ' +
        'reason, tells their departments, and starts no further step; let-finish lets them finish.',
      '当一次驳回决定了办件结果（必需步骤，或 all-approved 下的任何步骤）：cancel-open（默认）取消未办结的任务和等待重试的失败步骤，' +
        '附原因并通知相关部门，不再启动后续步骤；let-finish 让它们办完。',
    ),
    trigger: described(
      TriggerSchema.optional(),
      'Proactive one-thing (免申即享): an inbound event starts the case for the eligible person, who only confirms.',
      '免申即享：入站事件为符合条件的人发起办件，本人只需确认。',
    ),
  })
  .meta({ title: 'Onething one-thing definition', description: 'A one-thing (一件事) case definition.' })
  .register(zhDescriptions, { description: '一件事的办件定义。' });

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
