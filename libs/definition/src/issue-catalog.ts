import { DefinitionIssueCode, type IssueSeverity } from './errors';
import type { LocalizedText } from './schema';

// Every code the definition validator can report, with what it means in both languages. Keyed by the
// code type, so a code added to DefinitionIssueCode does not compile until it is described here; the
// validator-issues reference page (docs/reference/validator-issues.md) is generated from this catalog
// and the emitting source files (npm run docs:generate).

export interface IssueCodeEntry {
  /** The severity the validator reports it with (`error or warning` where a setting decides). */
  severity: IssueSeverity | 'error or warning';
  description: LocalizedText;
}

const C = DefinitionIssueCode;
const error = (zh: string, en: string): IssueCodeEntry => ({
  severity: 'error',
  description: { 'zh-CN': zh, en },
});
const warning = (zh: string, en: string): IssueCodeEntry => ({
  severity: 'warning',
  description: { 'zh-CN': zh, en },
});

export const DEFINITION_ISSUE_CATALOG: { readonly [code in DefinitionIssueCode]: IssueCodeEntry } = {
  [C.SourceUnparsable]: error('源文本不是有效的 YAML 或 JSON。', 'The source is not valid YAML or JSON.'),
  [C.NotAnObject]: error('文档顶层不是一个对象。', 'The document is not an object at the top level.'),
  [C.MissingProperty]: error('缺少必需的属性。', 'A required property is missing.'),
  [C.UnknownProperty]: error(
    '语言中没有该属性（常见原因：拼写错误）。',
    'A property the language does not have (often a typo).',
  ),
  [C.InvalidValue]: error(
    '值的类型或格式不符合 schema（例如不是 kebab-case、超出范围）。',
    'A value of the wrong type or form for the schema (not kebab-case, out of range…).',
  ),
  [C.DuplicateFieldId]: error('两个字段使用同一个 id。', 'Two fields share one id.'),
  [C.DuplicateStepId]: error('两个步骤使用同一个 id。', 'Two steps share one id.'),
  [C.DuplicateEnumOption]: error('枚举字段中选项值重复。', 'An enum field lists an option value twice.'),
  [C.UnknownStep]: error('after 中引用了不存在的步骤。', '`after` names a step that does not exist.'),
  [C.DependencyCycle]: error(
    '步骤之间的 after 依赖构成环；details 列出环中的步骤。',
    'The steps’ `after` dependencies form a cycle; details list its members.',
  ),
  [C.StepNeverRuns]: error(
    '步骤永远不会执行：条件恒为假，或处在（或依赖于）依赖环中。',
    'A step can never run: its condition is always false, or it is in (or after) a cycle.',
  ),
  [C.ConditionSyntax]: error('CEL 条件无法解析。', 'A CEL condition does not parse.'),
  [C.ConditionNotBoolean]: error('CEL 条件的结果不是布尔值。', 'A CEL condition does not yield a boolean.'),
  [C.ConditionUnknownField]: error(
    '条件读取了不存在的字段 fields.<id>。',
    'A condition reads a field (fields.<id>) that does not exist.',
  ),
  [C.ConditionUnknownStep]: error(
    '条件读取了不存在的步骤 steps.<id>.outcome。',
    'A condition reads the outcome of a step that does not exist.',
  ),
  [C.ConditionStepNotUpstream]: error(
    '条件读取的步骤结果不在该步骤的上游（after 的传递闭包）中，执行时尚不可知。',
    'A condition reads the outcome of a step that is not upstream (transitively in `after`): unknown when it runs.',
  ),
  [C.ConditionInvalidReference]: error(
    '条件引用了不允许的内容（例如在只能读取字段的地方读取步骤结果）。',
    'A condition refers to something it may not read there (e.g. a step outcome where only fields are known).',
  ),
  [C.ConditionAlwaysTrue]: warning(
    '条件恒为真：可以删除。',
    'A condition that is always true: it can be left out.',
  ),
  [C.ConditionTooComplex]: error(
    '条件过长、过大或嵌套过深（其求值成本有上限）。',
    'A condition longer, larger or more deeply nested than allowed (its cost is bounded).',
  ),
  [C.ConditionRegexUnsupported]: error(
    'matches() 的模式超出 RE2 语法（反向引用、环视）。',
    'A matches() pattern outside RE2 syntax (backreferences, lookaround).',
  ),
  [C.ConditionRegexNotLiteral]: error(
    'matches() 的模式不是字符串字面量。',
    'A matches() pattern that is not a string literal.',
  ),
  [C.ContractUnknownField]: error(
    '数据契约中列出了不存在的字段。',
    'A data contract lists a field that does not exist.',
  ),
  [C.ContractDuplicateField]: warning(
    '数据契约中同一条目出现两次。',
    'A data contract lists the same entry twice.',
  ),
  [C.ContractUnknownOutput]: error(
    'steps.<id>.outputs.<id> 指向不存在的步骤或输出。',
    'steps.<id>.outputs.<id> names a step or an output that does not exist.',
  ),
  [C.ContractOutputNotUpstream]: error(
    '产出该输出的步骤不在上游（after 的传递闭包）中：读取时它还不存在。',
    'The producing step is not upstream (transitively in `after`): its output cannot exist yet.',
  ),
  [C.ContractOutputMayBeMissing]: error(
    '产出步骤可能不产出该输出（可选、有条件或输出非必需），且没有 ifMissing 说明此时怎么办。',
    'The producer may end without the output (optional, conditional, optional output) and no `ifMissing` says what then.',
  ),
  [C.ContractTypeMismatch]: error(
    '契约条目声明的 type 与所读数据的类型不符。',
    'The entry’s declared `type` is not the type of what it reads.',
  ),
  [C.DuplicateOutputId]: error('一个步骤的两个输出使用同一个 id。', 'Two outputs of one step share an id.'),
  [C.OutputFromOnManualStep]: error(
    '人工步骤的输出不能有 from：from 映射的是部门系统的应答。',
    '`from` maps a department system’s answer: a manual step has none.',
  ),
  [C.OutputOptionsMissing]: error('枚举类型的输出没有列出 options。', 'An enum output lists no options.'),
  [C.FieldUnused]: error(
    '字段不在任何数据契约中，也未被任何条件或申请条件读取：不应收集（数据最小化）。',
    'A field in no data contract and read by no condition or eligibility rule: it must not be collected (data minimization).',
  ),
  [C.FieldRangeInvalid]: error(
    '字段的范围设置自相矛盾或超出上限（minimum > maximum、maxLength 超过 10000 等）。',
    'A field’s bounds contradict each other or exceed the cap (minimum > maximum, maxLength over 10,000…).',
  ),
  [C.UnknownConnector]: error(
    '步骤或预填引用了连接器目录中没有的连接器。',
    'A step or a prefill names a connector the connector catalog does not have.',
  ),
  [C.UnknownDepartment]: error(
    '引用了不存在或已停用的部门。',
    'A department code that is not an active department.',
  ),
  [C.SlaOutOfRange]: error('时限（工作日）超出允许范围。', 'A time limit (working days) out of range.'),
  [C.RetryOutOfRange]: error('重试策略的值超出允许范围。', 'A retry policy value out of range.'),
  [C.RetryOnManualStep]: warning(
    '人工步骤设置了 retry：没有作用。',
    'A manual step with a `retry` policy: it has no effect.',
  ),
  [C.OutcomeNoRequiredStep]: error(
    '合并规则 all-required-approved 要求至少一个必需步骤。',
    'The all-required-approved rule needs at least one required step.',
  ),
  [C.AutoStepWithoutConnector]: error('自动步骤没有指定 connector。', 'An auto step names no connector.'),
  [C.ManualStepWithConnector]: warning(
    '人工步骤指定了 connector：不会被调用。',
    'A manual step names a connector: it is never called.',
  ),
  [C.NoticeUnknownPlaceholder]: error(
    '结果通知模板使用了未知的占位符。',
    'A result notice template uses an unknown placeholder.',
  ),
  [C.DuplicateEligibilityId]: error('两条申请条件使用同一个 id。', 'Two eligibility rules share an id.'),
  [C.EligibilityReadsStep]: error(
    '申请条件读取了步骤结果：提交时还没有任何步骤结果。',
    'An eligibility rule reads a step outcome: none is known at submission.',
  ),
  [C.EligibilityReadsPrefilled]: error(
    '申请条件读取了预填字段：预填数据在提交之后才获取。',
    'An eligibility rule reads a prefilled field, which is fetched only after submission.',
  ),
  [C.EligibilityNeverMet]: error(
    '申请条件恒为假：任何申请都无法被受理。',
    'An eligibility rule that is always false: no application could ever be accepted.',
  ),
  [C.CommitmentExceeded]: {
    severity: 'error or warning',
    description: {
      'zh-CN': '关键路径长于承诺时限：默认为警告，enforce: true 时为错误；details 列出每条最长路径。',
      en: 'A critical path is longer than the commitment: a warning, an error with `enforce: true`; details list every longest path.',
    },
  },
  [C.CompensateWhenDuplicate]: error(
    'compensate.when 中同一情形出现两次。',
    '`compensate.when` lists a situation twice.',
  ),
  [C.CompensateWhenNeverApplies]: warning(
    'compensate.when 含 dependency-rejected，但没有其他步骤依赖该步骤或在其之前：永远不会适用。',
    '`compensate.when: [dependency-rejected]` on a step no other step depends on or precedes: it never applies.',
  ),
  [C.RunsWhenUpstreamIneffective]: warning(
    'runsWhenUpstream 用在没有上游步骤的步骤上，或同一结果列出两次。',
    '`runsWhenUpstream` on a step without upstream steps, or listing an outcome twice.',
  ),
  [C.ControlCharacter]: error(
    '文档中的字符串含控制字符（包括 NUL；例如由 YAML/JSON 转义 "\\0" 产生）。',
    'A string of the document holds a control character (NUL included; e.g. from a YAML/JSON escape "\\0").',
  ),
  [C.LoneSurrogate]: error(
    '文档中的字符串含孤立的 UTF-16 代理项（例如 "\\ud800"）。',
    'A string of the document holds half a UTF-16 surrogate pair (e.g. "\\ud800").',
  ),
  [C.InvisibleCharacter]: error(
    '文档中的字符串含双向控制字符（嵌入、覆盖或隔离）。',
    'A string of the document holds a bidi embedding, override or isolate.',
  ),
  [C.Blank]: error('文档中的字符串只有空白。', 'A string of the document is only whitespace.'),
  [C.TooLong]: error('文档中的字符串过长。', 'A string of the document is too long.'),
  [C.TooShort]: error('文档中的字符串过短。', 'A string of the document is too short.'),
  [C.NoticeTemplateInvalid]: error(
    '结果通知不是可用的 Mustache 模板：标签或区块未闭合，或使用了 partial。',
    'A result notice is not a usable Mustache template: an unclosed tag or section, a partial.',
  ),
  [C.TriggerReadsApplication]: error(
    '触发条件读取了 fields.* 或 steps.*：此时只有事件，没有申请。',
    "A trigger's eligibility reads fields.* or steps.*: there is only the event, no application yet.",
  ),
  [C.TriggerNeverEligible]: error(
    '触发条件恒为假：任何事件都不会发起办件。',
    'The trigger eligibility is always false: no event could start a case.',
  ),
  [C.TriggerPrefillUnknownField]: error(
    '触发事件预填了不存在的字段。',
    'The trigger prefills a field the form does not have.',
  ),
  [C.TriggerPrefillAttachment]: error(
    '触发事件预填了附件字段（事件不携带文件）。',
    'The trigger prefills an attachment field (events carry no files).',
  ),
  [C.PledgeUnknownVerification]: error(
    'pledge.verification 指向不存在的步骤。',
    '`pledge.verification` names no step of the definition.',
  ),
  [C.PledgeVerificationSelf]: error(
    '承诺办步骤把自己作为核查步骤。',
    'A pledged step names itself as its verification.',
  ),
  [C.PledgeVerificationNotAfter]: error(
    '核查步骤未在 after 中列出承诺办步骤：可能在批准之前执行。',
    'The verification step does not list the pledged step in `after`: it could run before the approval.',
  ),
  [C.PledgeVerificationPledged]: error(
    '核查步骤本身也凭承诺批准：无人核查它。',
    'The verification step is itself pledged: nothing would verify it.',
  ),
  [C.PledgeWithoutCompensation]: error(
    '承诺办步骤没有 compensate：核查不实时无法撤销其批准。',
    'A pledged step without `compensate`: a failed verification could not revoke its approval.',
  ),
  [C.PledgeNotRevocable]: error(
    '承诺办步骤的 compensate.when 未包含 dependency-rejected：核查驳回不会撤销它。',
    "A pledged step's `compensate.when` leaves out dependency-rejected: its verification's rejection would not undo it.",
  ),
  [C.PledgeStepOutputs]: error(
    '承诺办步骤声明了必需输出：凭承诺批准时无人产出。',
    'A pledged step declares required outputs: approved on a pledge, nobody produces them.',
  ),
  [C.ValidatorFailure]: error(
    '某项检查本身出错（缺陷或上下文有误）：作为问题报告而不是抛出。',
    'A check itself failed (a bug, or a malformed context): reported rather than thrown.',
  ),
};
