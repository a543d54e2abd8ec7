import { compileCondition } from './conditions';
import { criticalPaths } from './critical-path';
import { DefinitionIssueCode as Code, issue, localized, toJsonPointer } from './errors';
import type { DefinitionIssue, JsonPath } from './errors';
import { findCycles, stepGraph } from './graph';
import { conditionIssue } from './graph-checks';
import type { Indexed, Salvaged } from './salvage';
import type { EligibilityRule } from './schema';

/** Each eligibility rule compiles, is a bool, and reads only the applicant's own known, asked fields. */
export function eligibilityChecks(definition: Salvaged): DefinitionIssue[] {
  const prefilled = new Set(
    definition.fields.filter(({ value }) => value.prefill !== undefined).map(({ value }) => value.id),
  );
  const issues: DefinitionIssue[] = duplicateRuleIds(definition.eligibility);
  for (const { index, value } of definition.eligibility) {
    const at: JsonPath = ['eligibility', index, 'rule'];
    const compiled = compileCondition(value.rule);
    if (!compiled.ok) {
      issues.push(conditionIssue(compiled, at));
      continue;
    }
    const { references, type, constant } = compiled.condition;
    if (type !== 'bool' && type !== 'dyn') {
      issues.push(
        issue(
          Code.ConditionNotBoolean,
          at,
          localized(`申请条件的类型是 ${type}，不是布尔值。`, `Eligibility rule has type ${type}, not bool.`),
        ),
      );
    }
    issues.push(...referenceIssues(definition, prefilled, at, references));
    if (constant === false) {
      issues.push(
        issue(
          Code.EligibilityNeverMet,
          at,
          localized(
            `申请条件 ${value.id} 恒为假：任何申请都会被拒绝。`,
            `Eligibility rule ${value.id} is always false: every application would be refused.`,
          ),
        ),
      );
    } else if (constant === true) {
      issues.push(
        issue(
          Code.ConditionAlwaysTrue,
          at,
          localized('申请条件恒为真，可以删除。', 'The eligibility rule is always true; leave it out.'),
          undefined,
          'warning',
        ),
      );
    }
  }
  return issues;
}

function referenceIssues(
  definition: Salvaged,
  prefilled: ReadonlySet<string>,
  at: JsonPath,
  references: { fields: string[]; steps: string[]; invalid: string[] },
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  for (const name of references.invalid) {
    issues.push(
      issue(
        Code.ConditionInvalidReference,
        at,
        localized(
          `申请条件只能引用 fields.<字段id>，不能引用：${name}`,
          `An eligibility rule may only use fields.<fieldId>, not: ${name}`,
        ),
        { reference: name },
      ),
    );
  }
  for (const stepId of references.steps) {
    issues.push(
      issue(
        Code.EligibilityReadsStep,
        at,
        localized(
          `申请条件在提交时判断，此时尚无步骤结果：不能引用 steps.${stepId}。`,
          `Eligibility is decided at submission, before any step has an outcome: steps.${stepId} cannot be read.`,
        ),
        { stepId },
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
            `申请条件引用了不存在的字段：${fieldId}`,
            `Eligibility rule references an unknown field: ${fieldId}`,
          ),
          { fieldId },
        ),
      );
    } else if (prefilled.has(fieldId)) {
      issues.push(
        issue(
          Code.EligibilityReadsPrefilled,
          at,
          localized(
            `字段 ${fieldId} 由数据源预填，提交时尚未取得：申请条件不能引用它。`,
            `Field ${fieldId} is prefilled from a connector after submission: an eligibility rule cannot read it.`,
          ),
          { fieldId },
        ),
      );
    }
  }
  return issues;
}

function duplicateRuleIds(rules: Indexed<EligibilityRule>[]): DefinitionIssue[] {
  const first = new Map<string, number>();
  const issues: DefinitionIssue[] = [];
  for (const { index, value } of rules) {
    const earlier = first.get(value.id);
    if (earlier === undefined) {
      first.set(value.id, index);
      continue;
    }
    issues.push(
      issue(
        Code.DuplicateEligibilityId,
        ['eligibility', index, 'id'],
        localized(`申请条件 id 重复：${value.id}`, `Duplicate eligibility rule id: ${value.id}`),
        { id: value.id, firstPath: toJsonPointer(['eligibility', earlier, 'id']) },
      ),
    );
  }
  return issues;
}

/**
 * The promise (承诺时限) against the critical path: exceeded is a warning, an error when the definition
 * enforces it. Every path at the maximum is named. Skipped when the graph has a cycle (reported apart).
 */
export function commitmentChecks(definition: Salvaged): DefinitionIssue[] {
  const commitment = definition.commitment;
  if (commitment === undefined || definition.steps.length === 0) return [];
  const steps = uniqueSteps(definition);
  if (findCycles(stepGraph(steps)).length > 0) return [];
  const critical = criticalPaths(steps);
  if (critical.workingDays <= commitment.workingDays) return [];
  const listed = critical.paths.map((path) => path.join(' → '));
  return [
    issue(
      Code.CommitmentExceeded,
      ['commitment', 'workingDays'],
      localized(
        `承诺时限为 ${commitment.workingDays} 个工作日，但关键路径需 ${critical.workingDays} 个工作日：${listed.join('；')}。`,
        `The commitment is ${commitment.workingDays} working days but the critical path takes ${critical.workingDays}: ${listed.join('; ')}.`,
      ),
      {
        commitmentWorkingDays: commitment.workingDays,
        criticalPathWorkingDays: critical.workingDays,
        criticalPaths: critical.paths,
        ...(critical.truncated ? { truncated: true } : {}),
      },
      commitment.enforce ? 'error' : 'warning',
    ),
  ];
}

function uniqueSteps(definition: Salvaged): Salvaged['steps'][number]['value'][] {
  const byId = new Map<string, Salvaged['steps'][number]['value']>();
  for (const { value } of definition.steps) if (!byId.has(value.id)) byId.set(value.id, value);
  return [...byId.values()];
}
