import { compileCondition, type CompileResult } from './conditions';
import { DefinitionIssueCode as Code, issue, localized } from './errors';
import type { DefinitionIssue, JsonPath } from './errors';
import { ancestorsOf, dependentsOf, findCycles, stepGraph } from './graph';
import type { Salvaged } from './salvage';

/** Dependencies, cycles, steps that can never run, and `when` conditions. */
export function graphAndConditionChecks(definition: Salvaged): DefinitionIssue[] {
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
    const { issues: found, constant } = conditionIssues(definition, step.when, at, {
      stepId: step.id,
      upstream: ancestorsOf(graph, step.id),
    });
    issues.push(...found);
    if (constant === undefined) continue;
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

export interface ConditionScope {
  stepId: string;
  /** Steps whose outcome is known when the condition is evaluated; undefined: no step may be read. */
  upstream: ReadonlySet<string> | undefined;
}

/**
 * A condition's own issues: it compiles, is boolean, reads only known fields (and, where steps may be
 * read, known upstream steps). `constant` is the value of a condition that is always true or false.
 */
export function conditionIssues(
  definition: Salvaged,
  expression: string,
  at: JsonPath,
  scope: ConditionScope,
): { issues: DefinitionIssue[]; constant?: unknown } {
  const compiled = compileCondition(expression);
  if (!compiled.ok) return { issues: [conditionIssue(compiled, at)] };
  const issues: DefinitionIssue[] = [];
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
  const invalid = [
    ...references.invalid,
    ...(scope.upstream ? [] : references.steps.map((id) => `steps.${id}`)),
  ];
  for (const name of invalid) {
    issues.push(
      issue(
        Code.ConditionInvalidReference,
        at,
        scope.upstream
          ? localized(
              `条件只能引用 fields.<字段id> 和 steps.<步骤id>.outcome，不能引用：${name}`,
              `A condition may only use fields.<fieldId> and steps.<stepId>.outcome, not: ${name}`,
            )
          : localized(
              `数据契约条目的条件只能引用 fields.<字段id>，不能引用：${name}`,
              `A contract entry's condition may only use fields.<fieldId>, not: ${name}`,
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
  if (scope.upstream) issues.push(...stepReferenceIssues(definition, references.steps, at, scope));
  return { issues, constant };
}

function stepReferenceIssues(
  definition: Salvaged,
  stepIds: readonly string[],
  at: JsonPath,
  scope: ConditionScope,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  for (const stepId of stepIds) {
    if (!definition.stepIds.has(stepId)) {
      issues.push(
        issue(
          Code.ConditionUnknownStep,
          at,
          localized(`条件引用了不存在的步骤：${stepId}`, `Condition references an unknown step: ${stepId}`),
          { stepId },
        ),
      );
    } else if (!scope.upstream?.has(stepId)) {
      issues.push(
        issue(
          Code.ConditionStepNotUpstream,
          at,
          localized(
            `条件引用了步骤 ${stepId} 的结果，但该步骤不在 ${scope.stepId} 的前置依赖（after）中，届时结果未知。`,
            `Condition reads the outcome of ${stepId}, which is not among the steps ${scope.stepId} runs after: it cannot be known yet.`,
          ),
          { stepId },
        ),
      );
    }
  }
  return issues;
}

export function uniqueById<T extends { id: string }>(items: T[]): T[] {
  const firstById = new Map<string, T>();
  for (const item of items) if (!firstById.has(item.id)) firstById.set(item.id, item);
  return [...firstById.values()];
}

/** The issue for a condition that does not compile, by the reason it does not. */
export function conditionIssue(failed: Extract<CompileResult, { ok: false }>, at: JsonPath): DefinitionIssue {
  const { message } = failed;
  const details = {
    ...(failed.offset !== undefined ? { offset: failed.offset } : {}),
    ...(failed.pattern !== undefined ? { pattern: failed.pattern } : {}),
  };
  switch (failed.problem) {
    case 'syntax':
      return issue(
        Code.ConditionSyntax,
        at,
        localized(`条件无法解析：${message}`, `Condition does not parse: ${message}`),
        details,
      );
    case 'too-complex':
      return issue(
        Code.ConditionTooComplex,
        at,
        localized(`条件过于复杂：${message}`, `Condition is too complex: ${message}`),
        details,
      );
    case 'regex-unsupported':
      return issue(
        Code.ConditionRegexUnsupported,
        at,
        localized(
          `matches() 的正则表达式须为 RE2 语法（不支持反向引用和环视）：${message}`,
          `The matches() pattern must be RE2 syntax (no backreferences, no lookaround): ${message}`,
        ),
        details,
      );
    case 'regex-not-literal':
      return issue(
        Code.ConditionRegexNotLiteral,
        at,
        localized(
          'matches() 的正则表达式须为字符串字面量，不能由申请数据拼成。',
          'The matches() pattern must be a string literal, not built from case data.',
        ),
        details,
      );
  }
}
