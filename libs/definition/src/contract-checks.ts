import { DefinitionIssueCode as Code, issue, localized, toJsonPointer } from './errors';
import type { DefinitionIssue, JsonPath } from './errors';
import { ancestorsOf, stepGraph } from './graph';
import { conditionIssues, uniqueById } from './graph-checks';
import { normalizeEntry, outputMayBeMissing, stepOutputs, type NormalizedEntry } from './outputs';
import type { Indexed, Salvaged } from './salvage';
import type { Field, Step, StepOutput } from './schema';

// Data contracts: every entry names a known field or an output of a step upstream, a conditional entry's
// condition reads only known fields, and a read of an output that may be missing says what happens then.

interface ContractScope {
  definition: Salvaged;
  fields: Map<string, Field>;
  steps: Map<string, Step>;
  upstream: ReadonlySet<string>;
  step: Step;
  at: JsonPath;
}

export function contractChecks(definition: Salvaged): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const fields = new Map(definition.fields.map(({ value }) => [value.id, value] as const));
  const unique = uniqueById(definition.steps.map(({ value }) => value));
  const steps = new Map(unique.map((step) => [step.id, step] as const));
  const graph = stepGraph(unique);
  for (const { index, value: step } of definition.steps) {
    const upstream = ancestorsOf(graph, step.id);
    const seen = new Set<string>();
    step.contract.forEach((written, position) => {
      const entry = normalizeEntry(written);
      const at: JsonPath = ['steps', index, 'contract', position];
      const scope: ContractScope = { definition, fields, steps, upstream, step, at };
      issues.push(...entryIssues(scope, entry, typeof written === 'string'));
      if (seen.has(entry.reference)) {
        issues.push(
          issue(
            Code.ContractDuplicateField,
            at,
            localized(
              `数据契约重复列出：${entry.reference}`,
              `Data contract lists an entry twice: ${entry.reference}`,
            ),
            undefined,
            'warning',
          ),
        );
      }
      seen.add(entry.reference);
    });
  }
  return issues;
}

function entryIssues(scope: ContractScope, entry: NormalizedEntry, plain: boolean): DefinitionIssue[] {
  const fieldAt = plain ? scope.at : [...scope.at, 'field'];
  const issues: DefinitionIssue[] = [];
  if (entry.when !== undefined) {
    issues.push(
      ...conditionIssues(scope.definition, entry.when, [...scope.at, 'when'], {
        stepId: scope.step.id,
        upstream: undefined,
      }).issues,
    );
  }
  if (entry.fieldId !== undefined) {
    if (!scope.definition.fieldIds.has(entry.fieldId)) {
      issues.push(
        issue(
          Code.ContractUnknownField,
          fieldAt,
          localized(
            `数据契约引用了不存在的字段：${entry.fieldId}`,
            `Data contract names an unknown field: ${entry.fieldId}`,
          ),
          { fieldId: entry.fieldId },
        ),
      );
      return issues;
    }
    const field = scope.fields.get(entry.fieldId);
    const fieldType = field?.type === 'attachment' ? 'document' : field?.type;
    if (entry.type !== undefined && fieldType !== undefined && entry.type !== fieldType) {
      issues.push(typeMismatch(scope, entry, fieldType));
    }
    return issues;
  }
  return [...issues, ...outputEntryIssues(scope, entry, fieldAt)];
}

function outputEntryIssues(
  scope: ContractScope,
  entry: NormalizedEntry,
  fieldAt: JsonPath,
): DefinitionIssue[] {
  const { stepId, outputId } = entry.output ?? { stepId: '', outputId: '' };
  const producer = scope.steps.get(stepId);
  const output = producer ? stepOutputs(producer).find((candidate) => candidate.id === outputId) : undefined;
  if (!producer || !output) {
    return [
      issue(
        Code.ContractUnknownOutput,
        fieldAt,
        producer
          ? localized(
              `步骤 ${stepId} 没有名为 ${outputId} 的输出。`,
              `Step ${stepId} declares no output named ${outputId}.`,
            )
          : localized(
              `数据契约引用了不存在的步骤：${stepId}`,
              `Data contract reads an output of an unknown step: ${stepId}`,
            ),
        { stepId, outputId },
      ),
    ];
  }
  if (!scope.upstream.has(stepId)) {
    return [
      issue(
        Code.ContractOutputNotUpstream,
        fieldAt,
        localized(
          `步骤 ${scope.step.id} 读取 ${stepId} 的输出，但 ${stepId} 不在其前置依赖（after，含间接）中：届时可能尚未产生。`,
          `Step ${scope.step.id} reads an output of ${stepId}, which it does not run after (directly or not): the output may not exist yet.`,
        ),
        { stepId, outputId },
      ),
    ];
  }
  const issues: DefinitionIssue[] = [];
  if (entry.ifMissing === undefined && outputMayBeMissing(producer, output)) {
    issues.push(mayBeMissing(scope, producer, output, entry));
  }
  if (entry.type !== undefined && entry.type !== output.type)
    issues.push(typeMismatch(scope, entry, output.type));
  return issues;
}

function mayBeMissing(
  scope: ContractScope,
  producer: Step,
  output: StepOutput,
  entry: NormalizedEntry,
): DefinitionIssue {
  const why = !output.required
    ? ['该输出不是必需的', 'the output is optional']
    : producer.when !== undefined
      ? ['产生它的步骤有条件（when）', 'its step is conditional (when)']
      : ['产生它的步骤不是必需步骤', 'its step is not required'];
  return issue(
    Code.ContractOutputMayBeMissing,
    scope.at,
    localized(
      `${entry.reference} 可能不存在（${why[0]}）：请写明 ifMissing: skip-entry 或 block-step。`,
      `${entry.reference} may be missing (${why[1]}): say what happens then with ifMissing: skip-entry or block-step.`,
    ),
    { reference: entry.reference, producer: producer.id },
  );
}

function typeMismatch(scope: ContractScope, entry: NormalizedEntry, actual: string): DefinitionIssue {
  return issue(
    Code.ContractTypeMismatch,
    [...scope.at, 'type'],
    localized(
      `${entry.reference} 的类型是 ${actual}，而步骤 ${scope.step.id} 期望 ${entry.type ?? ''}。`,
      `${entry.reference} is of type ${actual}, but step ${scope.step.id} expects ${entry.type ?? ''}.`,
    ),
    { reference: entry.reference, expected: entry.type, actual },
  );
}

/** Outputs: ids unique within the step, `from` only where a department system answers, enum options. */
export function outputChecks(definition: Salvaged): DefinitionIssue[] {
  return definition.steps.flatMap((indexed) => stepOutputIssues(indexed));
}

function stepOutputIssues({ index, value: step }: Indexed<Step>): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const first = new Map<string, number>();
  stepOutputs(step).forEach((output, position) => {
    const at = (...rest: JsonPath): JsonPath => ['steps', index, 'outputs', position, ...rest];
    const earlier = first.get(output.id);
    if (earlier !== undefined) {
      issues.push(
        issue(
          Code.DuplicateOutputId,
          at('id'),
          localized(`输出 id 重复：${output.id}`, `Duplicate output id: ${output.id}`),
          { id: output.id, firstPath: toJsonPointer(['steps', index, 'outputs', earlier, 'id']) },
        ),
      );
    } else first.set(output.id, position);
    if (step.kind === 'manual' && output.from !== undefined) {
      issues.push(
        issue(
          Code.OutputFromOnManualStep,
          at('from'),
          localized(
            `人工步骤 ${step.id} 的输出由办理人填写，没有部门系统的应答可读取：删除 from。`,
            `Manual step ${step.id}: its outputs are entered by the worker, there is no answer to read from; leave out from.`,
          ),
        ),
      );
    }
    if (output.type === 'enum' && output.options === undefined) {
      issues.push(
        issue(
          Code.OutputOptionsMissing,
          at('type'),
          localized(
            `枚举输出 ${output.id} 未列出选项（options）。`,
            `Enum output ${output.id} lists no options.`,
          ),
        ),
      );
    }
  });
  return issues;
}
