import { fieldsReadBy } from './conditions';
import { contractChecks, outputChecks } from './contract-checks';
import { contractEntries, contractFieldIds } from './outputs';
import { DefinitionIssueCode as Code, issue, localized, toJsonPointer } from './errors';
import type { DefinitionIssue, JsonPath } from './errors';
import { commitmentChecks, eligibilityChecks } from './eligibility-checks';
import { flowChecks } from './flow-checks';
import { pledgeChecks, triggerChecks } from './proactive-checks';
import { graphAndConditionChecks } from './graph-checks';
import { inspectTemplate, isNoticePlaceholder, NOTICE_PLACEHOLDERS } from './notice';
import type { Indexed, Salvaged } from './salvage';
import type { ValidationContext } from './validator';

export function semanticIssues(definition: Salvaged, context: ValidationContext): DefinitionIssue[] {
  return [
    ...duplicateIds(definition),
    ...fieldChecks(definition, context),
    ...departmentChecks(definition, context),
    ...stepKindChecks(definition, context),
    ...contractChecks(definition),
    ...outputChecks(definition),
    ...graphAndConditionChecks(definition),
    ...eligibilityChecks(definition),
    ...commitmentChecks(definition),
    ...outcomeChecks(definition),
    ...noticeChecks(definition),
    ...flowChecks(definition),
    ...triggerChecks(definition),
    ...pledgeChecks(definition),
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
  const used = new Set([
    ...definition.steps.flatMap(({ value }) => [
      ...contractFieldIds(value),
      ...fieldsReadBy(value.when),
      ...contractEntries(value).flatMap((entry) => fieldsReadBy(entry.when)),
    ]),
    ...definition.eligibility.flatMap(({ value }) => fieldsReadBy(value.rule)),
  ]);
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
            `字段 ${field.id} 既不在任何步骤的数据契约中，也未被任何条件或申请条件使用：不应收集（数据最小化）。`,
            `Field ${field.id} is in no step's data contract and read by no condition or eligibility rule: it must not be collected (data minimization).`,
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

function noticeChecks(definition: Salvaged): DefinitionIssue[] {
  if (definition.outcome === undefined) return [];
  const issues: DefinitionIssue[] = [];
  for (const [result, text] of Object.entries(definition.outcome.notice)) {
    for (const [locale, template] of Object.entries(text)) {
      const inspected = inspectTemplate(template);
      if (!inspected.ok) {
        issues.push(
          issue(
            Code.NoticeTemplateInvalid,
            ['outcome', 'notice', result, locale],
            localized(
              `结果通知模板不是有效的 Mustache 模板：${inspected.problem}`,
              `The result notice is not a valid Mustache template: ${inspected.problem}`,
            ),
            { problem: inspected.problem },
          ),
        );
        continue;
      }
      for (const name of inspected.placeholders.filter((found) => !isNoticePlaceholder(found))) {
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

/** Duplicates are reported on their own; the graph checks use the first step of each id. */
