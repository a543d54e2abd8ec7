import { DefinitionIssueCode as Code, issue, localized } from './errors';
import type { DefinitionIssue } from './errors';
import { dependentsOf, stepGraph } from './graph';
import type { Salvaged } from './salvage';

/**
 * Checks of the flow declarations: a `compensate.when` that lists a situation twice or can never apply,
 * and a `runsWhenUpstream` that has nothing to apply to.
 */
export function flowChecks(definition: Salvaged): DefinitionIssue[] {
  const steps = definition.steps.map(({ value }) => value);
  const graph = stepGraph(steps);
  const dependents = dependentsOf(graph);
  const issues: DefinitionIssue[] = [];
  for (const { index, value: step } of definition.steps) {
    const when = step.compensate?.when ?? [];
    when.forEach((situation, position) => {
      if (when.indexOf(situation) !== position) {
        issues.push(
          issue(
            Code.CompensateWhenDuplicate,
            ['steps', index, 'compensate', 'when', position],
            localized(`补偿情形重复：${situation}`, `Compensation situation listed twice: ${situation}`),
            { stepId: step.id, situation },
          ),
        );
      }
    });
    const related = (graph.after.get(step.id)?.length ?? 0) + (dependents.get(step.id)?.length ?? 0);
    const position = when.indexOf('dependency-rejected');
    if (position >= 0 && related === 0) {
      issues.push(
        issue(
          Code.CompensateWhenNeverApplies,
          ['steps', index, 'compensate', 'when', position],
          localized(
            `步骤 ${step.id} 既不依赖其他步骤，也没有步骤依赖它：dependency-rejected 永远不会生效。`,
            `Step ${step.id} depends on no step and no step depends on it: dependency-rejected never applies.`,
          ),
          { stepId: step.id },
          'warning',
        ),
      );
    }
    issues.push(...runsWhenUpstreamChecks(step, index));
  }
  return issues;
}

function runsWhenUpstreamChecks(step: Salvaged['steps'][number]['value'], index: number): DefinitionIssue[] {
  const outcomes = step.runsWhenUpstream;
  if (outcomes === undefined) return [];
  const path = ['steps', index, 'runsWhenUpstream'];
  if (step.after.length === 0) {
    return [
      issue(
        Code.RunsWhenUpstreamIneffective,
        path,
        localized(
          `步骤 ${step.id} 没有上游步骤（after），runsWhenUpstream 不起作用。`,
          `Step ${step.id} has no upstream steps (after): runsWhenUpstream has no effect.`,
        ),
        { stepId: step.id },
        'warning',
      ),
    ];
  }
  return outcomes.flatMap((outcome, position) =>
    outcomes.indexOf(outcome) === position
      ? []
      : [
          issue(
            Code.RunsWhenUpstreamIneffective,
            [...path, position],
            localized(`上游结果重复：${outcome}`, `Upstream outcome listed twice: ${outcome}`),
            { stepId: step.id, outcome },
            'warning',
          ),
        ],
  );
}
