import { z } from 'zod';
import { compileCondition, fieldsReadBy } from './conditions';
import { DefinitionIssueCode as Code, issue, localized, toJsonPointer } from './errors';
import type { DefinitionIssue, JsonPath } from './errors';
import { isNoticePlaceholder, NOTICE_PLACEHOLDERS, placeholdersIn } from './notice';
import { ancestorsOf, dependentsOf, findCycles, stepGraph } from './graph';
import { DefinitionSchema, FieldSchema, OutcomeSchema, StepSchema } from './schema';
import type { Definition, Field, Outcome, Step } from './schema';
import { parseSource, type ParsedSource } from './source';

/** What the database knows: department codes and connector (prefill source) names in force. */
export interface ValidationContext {
  departments: readonly string[];
  connectors: readonly string[];
}

export type ValidationResult =
  | { valid: true; definition: Definition; issues: DefinitionIssue[] }
  | { valid: false; issues: DefinitionIssue[] };

/**
 * Checks a definition given as YAML/JSON text or as an already parsed value. Reports every structural and
 * semantic issue at once, never throws. Warnings do not make a definition invalid.
 */
export function validateDefinition(input: unknown, context: ValidationContext): ValidationResult {
  let source: ParsedSource | undefined;
  let issues: DefinitionIssue[];
  let value: unknown = input;
  try {
    if (typeof input === 'string') {
      source = parseSource(input);
      value = source.value;
      if (source.syntaxErrors.length > 0) {
        const syntaxIssues = source.syntaxErrors.map((error) => ({
          ...issue(
            Code.SourceUnparsable,
            [],
            localized(`无法解析 YAML/JSON：${error.message}`, `Cannot parse YAML/JSON: ${error.message}`),
          ),
          ...(error.line !== undefined && error.column !== undefined
            ? { line: error.line, column: error.column }
            : {}),
        }));
        return { valid: false, issues: syntaxIssues };
      }
    }
    issues = collectIssues(value, context);
  } catch (error) {
    // A bug in a check must not turn into a 500 for the administrator: report it as an issue instead.
    const reason = error instanceof Error ? error.message : String(error);
    issues = [
      issue(
        Code.ValidatorFailure,
        [],
        localized(`校验器内部错误：${reason}`, `Validator failure: ${reason}`),
      ),
    ];
  }
  const located = issues.map((found) => locateIssue(found, value, source));
  if (located.some((found) => found.severity === 'error')) return { valid: false, issues: located };
  const parsed = DefinitionSchema.safeParse(value);
  if (!parsed.success) return { valid: false, issues: located };
  return { valid: true, definition: parsed.data, issues: located };
}

/** Keeps the path resolvable (trimmed to the nearest existing node) and adds the source position. */
function locateIssue(
  found: DefinitionIssue,
  document: unknown,
  source: ParsedSource | undefined,
): DefinitionIssue {
  const path = existingPrefix(document, found.path);
  const position = source?.locate(path);
  return { ...found, path, pointer: toJsonPointer(path), ...(position ?? {}) };
}

export function existingPrefix(document: unknown, path: JsonPath): JsonPath {
  const kept: JsonPath = [];
  let node: unknown = document;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number' && segment >= 0 && segment < node.length) {
      node = node[segment];
    } else if (
      isRecord(node) &&
      !Array.isArray(node) &&
      Object.prototype.hasOwnProperty.call(node, segment)
    ) {
      node = node[String(segment)];
    } else {
      break;
    }
    kept.push(segment);
  }
  return kept;
}

function collectIssues(value: unknown, context: ValidationContext): DefinitionIssue[] {
  if (!isRecord(value) || Array.isArray(value)) {
    return [
      issue(
        Code.NotAnObject,
        [],
        localized('定义必须是一个对象（映射）。', 'A definition must be an object (a mapping).'),
      ),
    ];
  }
  const issues = structuralIssues(value);
  issues.push(...semanticIssues(salvage(value), context));
  return issues;
}

// ---- structural ---------------------------------------------------------------------------------------

const zhCustomMessages: Record<string, string> = {
  'expected kebab-case': '应为小写短横线格式（kebab-case）',
  'expected an identifier such as hasChildren': '应为标识符，例如 hasChildren',
  'expected a content type': '应为内容类型，例如 application/pdf',
};
const zhLocale = z.locales.zhCN();

function structuralIssues(value: Record<string, unknown>): DefinitionIssue[] {
  const english = DefinitionSchema.safeParse(value);
  if (english.success) return [];
  const chinese = DefinitionSchema.safeParse(value, { error: zhLocale.localeError });
  const chineseIssues = chinese.success ? [] : chinese.error.issues;
  return english.error.issues.flatMap((zodIssue, index) => {
    const zhMessage = chineseIssues[index]?.message ?? zodIssue.message;
    const zh = zhCustomMessages[zhMessage] ?? zhMessage;
    const path = zodIssue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
    if (zodIssue.code === 'unrecognized_keys') {
      return zodIssue.keys.map((key) =>
        issue(
          Code.UnknownProperty,
          [...path, key],
          localized(`未知属性：${key}`, `Unknown property: ${key}`),
        ),
      );
    }
    if (zodIssue.code === 'invalid_type' && isMissing(value, path)) {
      const name = String(path[path.length - 1]);
      return [
        issue(
          Code.MissingProperty,
          path,
          localized(`缺少必填属性：${name}`, `Missing required property: ${name}`),
          { property: name },
        ),
      ];
    }
    if (zodIssue.code === 'too_big' || zodIssue.code === 'too_small') {
      if (path.includes('sla') || path.includes('escalation')) {
        return [
          issue(
            Code.SlaOutOfRange,
            path,
            localized(`时限超出范围：${zh}`, `SLA out of range: ${zodIssue.message}`),
          ),
        ];
      }
      if (path.includes('retry')) {
        return [
          issue(
            Code.RetryOutOfRange,
            path,
            localized(`重试参数超出范围：${zh}`, `Retry value out of range: ${zodIssue.message}`),
          ),
        ];
      }
    }
    return [issue(Code.InvalidValue, path, localized(zh, zodIssue.message))];
  });
}

function isMissing(document: unknown, path: JsonPath): boolean {
  const parent = existingPrefix(document, path.slice(0, -1));
  return parent.length === path.length - 1 && existingPrefix(document, path).length === path.length - 1;
}

// ---- salvage: check the well-formed parts even when other parts are not ------------------------------

interface Indexed<T> {
  index: number;
  value: T;
}

interface Salvaged {
  leadDepartment: string | undefined;
  fields: Indexed<Field>[];
  steps: Indexed<Step>[];
  outcome: Outcome | undefined;
  /** Ids of every field/step item that names one, well-formed or not, so references to them are not "unknown". */
  fieldIds: Set<string>;
  stepIds: Set<string>;
}

function salvage(value: Record<string, unknown>): Salvaged {
  const items = (key: string): unknown[] => (Array.isArray(value[key]) ? (value[key] as unknown[]) : []);
  const parseEach = <T>(list: unknown[], schema: z.ZodType<T>): Indexed<T>[] =>
    list.flatMap((item, index) => {
      const parsed = schema.safeParse(item);
      return parsed.success ? [{ index, value: parsed.data }] : [];
    });
  const idsOf = (list: unknown[]): Set<string> =>
    new Set(list.flatMap((item) => (isRecord(item) && typeof item['id'] === 'string' ? [item['id']] : [])));
  const outcome = OutcomeSchema.safeParse(value['outcome']);
  return {
    leadDepartment: typeof value['leadDepartment'] === 'string' ? value['leadDepartment'] : undefined,
    fields: parseEach(items('fields'), FieldSchema),
    steps: parseEach(items('steps'), StepSchema),
    outcome: outcome.success ? outcome.data : undefined,
    fieldIds: idsOf(items('fields')),
    stepIds: idsOf(items('steps')),
  };
}

// ---- semantic -----------------------------------------------------------------------------------------

function semanticIssues(definition: Salvaged, context: ValidationContext): DefinitionIssue[] {
  return [
    ...duplicateIds(definition),
    ...fieldChecks(definition, context),
    ...departmentChecks(definition, context),
    ...stepKindChecks(definition, context),
    ...contractChecks(definition),
    ...graphAndConditionChecks(definition),
    ...outcomeChecks(definition),
    ...noticeChecks(definition),
  ];
}

function duplicateIds(definition: Salvaged): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const report = (items: Indexed<{ id: string }>[], collection: 'fields' | 'steps'): void => {
    const firstIndex = new Map<string, number>();
    for (const { index, value } of items) {
      const first = firstIndex.get(value.id);
      if (first === undefined) {
        firstIndex.set(value.id, index);
        continue;
      }
      const [code, zh] =
        collection === 'fields' ? [Code.DuplicateFieldId, '字段'] : [Code.DuplicateStepId, '步骤'];
      issues.push(
        issue(
          code,
          [collection, index, 'id'],
          localized(
            `${zh} id 重复：${value.id}`,
            `Duplicate ${collection === 'fields' ? 'field' : 'step'} id: ${value.id}`,
          ),
          {
            id: value.id,
            firstPath: toJsonPointer([collection, first, 'id']),
          },
        ),
      );
    }
  };
  report(definition.fields, 'fields');
  report(definition.steps, 'steps');
  return issues;
}

function fieldChecks(definition: Salvaged, context: ValidationContext): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const connectors = new Set(context.connectors);
  // A field read only by a condition is used too: the orchestrator needs the answer to route the case.
  const used = new Set(
    definition.steps.flatMap(({ value }) => [...value.contract, ...fieldsReadBy(value.when)]),
  );
  for (const { index, value: field } of definition.fields) {
    if (field.prefill && !connectors.has(field.prefill.source)) {
      issues.push(unknownConnector(['fields', index, 'prefill', 'source'], field.prefill.source));
    }
    if (!used.has(field.id)) {
      issues.push(
        issue(
          Code.FieldUnused,
          ['fields', index],
          localized(
            `字段 ${field.id} 既不在任何步骤的数据契约中，也未被任何条件使用：不应收集（数据最小化）。`,
            `Field ${field.id} is in no step's data contract and read by no condition: it must not be collected (data minimization).`,
          ),
          { fieldId: field.id },
        ),
      );
    }
    if (field.type === 'enum') {
      const seen = new Set<string>();
      field.options.forEach((option, optionIndex) => {
        if (seen.has(option.value)) {
          issues.push(
            issue(
              Code.DuplicateEnumOption,
              ['fields', index, 'options', optionIndex, 'value'],
              localized(`选项值重复：${option.value}`, `Duplicate option value: ${option.value}`),
            ),
          );
        }
        seen.add(option.value);
      });
    }
    const [low, high, lowKey, highKey] =
      field.type === 'number'
        ? [field.minimum, field.maximum, 'minimum', 'maximum']
        : field.type === 'text'
          ? [field.minLength, field.maxLength, 'minLength', 'maxLength']
          : field.type === 'attachment'
            ? [field.minCount, field.maxCount, 'minCount', 'maxCount']
            : [undefined, undefined, '', ''];
    if (low !== undefined && high !== undefined && low > high) {
      issues.push(
        issue(
          Code.FieldRangeInvalid,
          ['fields', index, lowKey],
          localized(`${lowKey} 大于 ${highKey}`, `${lowKey} is greater than ${highKey}`),
        ),
      );
    }
  }
  return issues;
}

function unknownConnector(path: JsonPath, name: string): DefinitionIssue {
  return issue(
    Code.UnknownConnector,
    path,
    localized(`未知的连接器（数据源）：${name}`, `Unknown connector (data source): ${name}`),
    {
      connector: name,
    },
  );
}

function unknownDepartment(path: JsonPath, code: string): DefinitionIssue {
  return issue(
    Code.UnknownDepartment,
    path,
    localized(`未知的部门：${code}`, `Unknown department: ${code}`),
    { department: code },
  );
}

function departmentChecks(definition: Salvaged, context: ValidationContext): DefinitionIssue[] {
  const departments = new Set(context.departments);
  const issues: DefinitionIssue[] = [];
  if (definition.leadDepartment !== undefined && !departments.has(definition.leadDepartment)) {
    issues.push(unknownDepartment(['leadDepartment'], definition.leadDepartment));
  }
  for (const { index, value: step } of definition.steps) {
    if (!departments.has(step.department))
      issues.push(unknownDepartment(['steps', index, 'department'], step.department));
    const target = step.escalation?.to;
    if (
      target !== undefined &&
      target !== 'supervisor' &&
      target !== 'lead-department' &&
      !departments.has(target)
    ) {
      issues.push(unknownDepartment(['steps', index, 'escalation', 'to'], target));
    }
  }
  return issues;
}

function stepKindChecks(definition: Salvaged, context: ValidationContext): DefinitionIssue[] {
  const connectors = new Set(context.connectors);
  const issues: DefinitionIssue[] = [];
  for (const { index, value: step } of definition.steps) {
    const at = (...rest: JsonPath): JsonPath => ['steps', index, ...rest];
    if (step.kind === 'auto' && step.connector === undefined) {
      issues.push(
        issue(
          Code.AutoStepWithoutConnector,
          at('kind'),
          localized(`自动步骤 ${step.id} 未指定连接器。`, `Auto step ${step.id} names no connector.`),
        ),
      );
    }
    if (step.connector !== undefined && !connectors.has(step.connector))
      issues.push(unknownConnector(at('connector'), step.connector));
    if (step.compensate?.connector !== undefined && !connectors.has(step.compensate.connector)) {
      issues.push(unknownConnector(at('compensate', 'connector'), step.compensate.connector));
    }
    if (step.kind === 'manual' && step.connector !== undefined) {
      issues.push(
        issue(
          Code.ManualStepWithConnector,
          at('connector'),
          localized(
            `人工步骤 ${step.id} 的连接器不会被调用。`,
            `Manual step ${step.id}: its connector is never called.`,
          ),
          undefined,
          'warning',
        ),
      );
    }
    if (step.kind === 'manual' && step.retry !== undefined) {
      issues.push(
        issue(
          Code.RetryOnManualStep,
          at('retry'),
          localized(
            `人工步骤 ${step.id} 不会重试：retry 无效。`,
            `Manual step ${step.id} is never retried: retry has no effect.`,
          ),
          undefined,
          'warning',
        ),
      );
    }
    const retry = step.retry;
    if (
      retry?.maximumIntervalSeconds !== undefined &&
      retry.maximumIntervalSeconds < retry.initialIntervalSeconds
    ) {
      issues.push(
        issue(
          Code.RetryOutOfRange,
          at('retry', 'maximumIntervalSeconds'),
          localized(
            '最大重试间隔不能小于初始间隔。',
            'maximumIntervalSeconds must not be less than initialIntervalSeconds.',
          ),
        ),
      );
    }
    if (step.escalation !== undefined && step.escalation.afterWorkingDays > step.sla.workingDays) {
      issues.push(
        issue(
          Code.SlaOutOfRange,
          at('escalation', 'afterWorkingDays'),
          localized(
            `步骤 ${step.id} 在超出办理时限后才升级（${step.escalation.afterWorkingDays} > ${step.sla.workingDays} 个工作日）。`,
            `Step ${step.id} escalates only after its SLA has passed (${step.escalation.afterWorkingDays} > ${step.sla.workingDays} working days).`,
          ),
        ),
      );
    }
  }
  return issues;
}

function contractChecks(definition: Salvaged): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  for (const { index, value: step } of definition.steps) {
    const seen = new Set<string>();
    step.contract.forEach((fieldId, position) => {
      const path: JsonPath = ['steps', index, 'contract', position];
      if (!definition.fieldIds.has(fieldId)) {
        issues.push(
          issue(
            Code.ContractUnknownField,
            path,
            localized(
              `数据契约引用了不存在的字段：${fieldId}`,
              `Data contract names an unknown field: ${fieldId}`,
            ),
            {
              fieldId,
            },
          ),
        );
      } else if (seen.has(fieldId)) {
        issues.push(
          issue(
            Code.ContractDuplicateField,
            path,
            localized(`数据契约重复列出字段：${fieldId}`, `Data contract lists a field twice: ${fieldId}`),
            undefined,
            'warning',
          ),
        );
      }
      seen.add(fieldId);
    });
  }
  return issues;
}

function graphAndConditionChecks(definition: Salvaged): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const indexOf = new Map(definition.steps.map(({ index, value }) => [value.id, index] as const));
  for (const { index, value: step } of definition.steps) {
    step.after.forEach((dependency, position) => {
      if (!definition.stepIds.has(dependency)) {
        issues.push(
          issue(
            Code.UnknownStep,
            ['steps', index, 'after', position],
            localized(
              `after 引用了不存在的步骤：${dependency}`,
              `after names an unknown step: ${dependency}`,
            ),
            {
              stepId: dependency,
            },
          ),
        );
      }
    });
  }
  const graph = stepGraph(uniqueById(definition.steps.map(({ value }) => value)));
  const inCycle = new Set<string>();
  for (const cycle of findCycles(graph)) {
    cycle.forEach((id) => inCycle.add(id));
    const first = cycle[0] ?? '';
    const text = [...cycle, first].join(' → ');
    issues.push(
      issue(
        Code.DependencyCycle,
        ['steps', indexOf.get(first) ?? 0, 'after'],
        localized(`步骤依赖成环：${text}`, `Steps depend on each other in a cycle: ${text}`),
        {
          cycle,
        },
      ),
    );
  }

  const neverRuns = new Map<string, string>();
  for (const { index, value: step } of definition.steps) {
    if (step.when === undefined) continue;
    const at: JsonPath = ['steps', index, 'when'];
    const compiled = compileCondition(step.when);
    if (!compiled.ok) {
      issues.push(
        issue(
          Code.ConditionSyntax,
          at,
          localized(`条件无法解析：${compiled.message}`, `Condition does not parse: ${compiled.message}`),
          {
            ...(compiled.offset !== undefined ? { offset: compiled.offset } : {}),
          },
        ),
      );
      continue;
    }
    const { references, type, constant } = compiled.condition;
    if (type !== 'bool' && type !== 'dyn') {
      issues.push(
        issue(
          Code.ConditionNotBoolean,
          at,
          localized(`条件的类型是 ${type}，不是布尔值。`, `Condition has type ${type}, not bool.`),
        ),
      );
    }
    for (const name of references.invalid) {
      issues.push(
        issue(
          Code.ConditionInvalidReference,
          at,
          localized(
            `条件只能引用 fields.<字段id> 和 steps.<步骤id>.outcome，不能引用：${name}`,
            `A condition may only use fields.<fieldId> and steps.<stepId>.outcome, not: ${name}`,
          ),
          { reference: name },
        ),
      );
    }
    for (const fieldId of references.fields) {
      if (!definition.fieldIds.has(fieldId)) {
        issues.push(
          issue(
            Code.ConditionUnknownField,
            at,
            localized(
              `条件引用了不存在的字段：${fieldId}`,
              `Condition references an unknown field: ${fieldId}`,
            ),
            { fieldId },
          ),
        );
      }
    }
    const upstream = ancestorsOf(graph, step.id);
    for (const stepId of references.steps) {
      if (!definition.stepIds.has(stepId)) {
        issues.push(
          issue(
            Code.ConditionUnknownStep,
            at,
            localized(`条件引用了不存在的步骤：${stepId}`, `Condition references an unknown step: ${stepId}`),
            { stepId },
          ),
        );
      } else if (!upstream.has(stepId)) {
        issues.push(
          issue(
            Code.ConditionStepNotUpstream,
            at,
            localized(
              `条件引用了步骤 ${stepId} 的结果，但该步骤不在 ${step.id} 的前置依赖（after）中，届时结果未知。`,
              `Condition reads the outcome of ${stepId}, which is not among the steps ${step.id} runs after: it cannot be known yet.`,
            ),
            { stepId },
          ),
        );
      }
    }
    if (constant === false) neverRuns.set(step.id, 'condition-always-false');
    if (constant === true) {
      issues.push(
        issue(
          Code.ConditionAlwaysTrue,
          at,
          localized('条件恒为真，可以删除。', 'The condition is always true; leave it out.'),
          undefined,
          'warning',
        ),
      );
    }
  }

  // A step in a cycle, or behind one, waits forever; a step whose condition is constant false is always skipped.
  for (const id of inCycle) neverRuns.set(id, 'in-cycle');
  const dependents = dependentsOf(graph);
  const pending = [...inCycle];
  while (pending.length > 0) {
    const id = pending.pop() ?? '';
    for (const dependent of dependents.get(id) ?? []) {
      if (neverRuns.has(dependent)) continue;
      neverRuns.set(dependent, 'behind-cycle');
      pending.push(dependent);
    }
  }
  for (const [id, reason] of neverRuns) {
    const index = indexOf.get(id) ?? 0;
    const [zh, en] =
      reason === 'condition-always-false'
        ? ['条件恒为假', 'its condition is always false']
        : reason === 'in-cycle'
          ? ['它处在依赖环中', 'it is part of a dependency cycle']
          : ['它依赖于依赖环中的步骤', 'it depends on a step in a dependency cycle'];
    issues.push(
      issue(
        Code.StepNeverRuns,
        ['steps', index, reason === 'condition-always-false' ? 'when' : 'after'],
        localized(`步骤 ${id} 永远不会执行：${zh}。`, `Step ${id} can never run: ${en}.`),
        {
          stepId: id,
          reason,
        },
      ),
    );
  }
  return issues;
}

function noticeChecks(definition: Salvaged): DefinitionIssue[] {
  if (definition.outcome === undefined) return [];
  const issues: DefinitionIssue[] = [];
  for (const [result, text] of Object.entries(definition.outcome.notice)) {
    for (const [locale, template] of Object.entries(text)) {
      for (const name of placeholdersIn(template).filter((found) => !isNoticePlaceholder(found))) {
        issues.push(
          issue(
            Code.NoticeUnknownPlaceholder,
            ['outcome', 'notice', result, locale],
            localized(
              `结果通知中的占位符未知：{{${name}}}（可用：${NOTICE_PLACEHOLDERS.join('、')}）`,
              `Unknown placeholder in the result notice: {{${name}}} (known: ${NOTICE_PLACEHOLDERS.join(', ')})`,
            ),
            { placeholder: name },
          ),
        );
      }
    }
  }
  return issues;
}

function outcomeChecks(definition: Salvaged): DefinitionIssue[] {
  if (definition.outcome === undefined || definition.steps.length === 0) return [];
  const hasRequired = definition.steps.some(({ value }) => value.required);
  if (definition.outcome.rule === 'all-required-approved' && !hasRequired) {
    return [
      issue(
        Code.OutcomeNoRequiredStep,
        ['outcome', 'rule'],
        localized(
          '合并规则 all-required-approved 要求至少有一个必需步骤（required: true）。',
          'The all-required-approved rule needs at least one required step (required: true).',
        ),
      ),
    ];
  }
  return [];
}

function uniqueById<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.id) && seen.add(item.id) !== undefined);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
