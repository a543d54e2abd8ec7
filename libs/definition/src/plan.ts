import { rejectionConsequences, type RejectionConsequence } from './flow';
import { fieldUsage } from './form';
import { stepGraph, topologicalOrder } from './graph';
import type { Definition, Step } from './schema';

export interface PlanNode {
  id: string;
  department: string;
  kind: Step['kind'];
  required: boolean;
  slaWorkingDays: number;
  conditional: boolean;
}

export interface DataMinimizationMatrix {
  departments: string[];
  /** Field ids in definition order. */
  fields: string[];
  /** department -> field -> the steps of that department that receive the field (absent: never receives it). */
  cells: Record<string, Record<string, string[]>>;
  /** Fields collected but received by no department. */
  overCollected: string[];
}

export interface DefinitionPlan {
  nodes: PlanNode[];
  edges: { from: string; to: string }[];
  /** Steps grouped by the earliest point they can start: each stage can run in parallel. */
  stages: string[][];
  /** The longest chain by SLA; its sum is the worst-case processing time if every step uses its full SLA. */
  criticalPath: { steps: string[]; workingDays: number };
  matrix: DataMinimizationMatrix;
  /** For each step, what its rejection would block and undo (compensation scoped by `compensate.when`). */
  rejections: RejectionConsequence[];
  mermaid: string;
}

/** Expects a valid (acyclic) definition; steps on a cycle would be left out of stages and paths. */
export function planDefinition(definition: Definition): DefinitionPlan {
  const graph = stepGraph(definition.steps);
  const { order } = topologicalOrder(graph);
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const nodes = definition.steps.map((step) => ({
    id: step.id,
    department: step.department,
    kind: step.kind,
    required: step.required,
    slaWorkingDays: step.sla.workingDays,
    conditional: step.when !== undefined,
  }));
  const edges = definition.steps.flatMap((step) =>
    (graph.after.get(step.id) ?? []).map((from) => ({ from, to: step.id })),
  );

  const level = new Map<string, number>();
  const finish = new Map<string, { days: number; previous?: string }>();
  for (const id of order) {
    const dependencies = graph.after.get(id) ?? [];
    level.set(id, Math.max(-1, ...dependencies.map((dependency) => level.get(dependency) ?? 0)) + 1);
    let best: { days: number; previous?: string } = { days: 0 };
    for (const dependency of dependencies) {
      const days = finish.get(dependency)?.days ?? 0;
      if (days > best.days) best = { days, previous: dependency };
    }
    finish.set(id, {
      days: best.days + (byId.get(id)?.sla.workingDays ?? 0),
      ...(best.previous ? { previous: best.previous } : {}),
    });
  }
  const stages: string[][] = [];
  for (const id of order) (stages[level.get(id) ?? 0] ??= []).push(id);

  let last: string | undefined;
  for (const id of order)
    if (last === undefined || (finish.get(id)?.days ?? 0) > (finish.get(last)?.days ?? 0)) last = id;
  const criticalSteps: string[] = [];
  for (let cursor = last; cursor !== undefined; cursor = finish.get(cursor)?.previous)
    criticalSteps.unshift(cursor);

  return {
    nodes,
    edges,
    stages,
    criticalPath: {
      steps: criticalSteps,
      workingDays: last === undefined ? 0 : (finish.get(last)?.days ?? 0),
    },
    matrix: dataMinimizationMatrix(definition),
    rejections: rejectionConsequences(definition),
    mermaid: renderMermaid(definition),
  };
}

export function dataMinimizationMatrix(definition: Definition): DataMinimizationMatrix {
  const departments = [...new Set(definition.steps.map((step) => step.department))];
  const cells: Record<string, Record<string, string[]>> = Object.fromEntries(
    departments.map((department) => [department, {}]),
  );
  for (const step of definition.steps) {
    const row = cells[step.department] ?? {};
    for (const fieldId of step.contract) {
      const receivers = (row[fieldId] ??= []);
      if (!receivers.includes(step.id)) receivers.push(step.id);
    }
  }
  const usage = fieldUsage(definition);
  return {
    departments,
    fields: definition.fields.map((field) => field.id),
    cells,
    overCollected: definition.fields.filter((field) => !usage.has(field.id)).map((field) => field.id),
  };
}

/** Mermaid flowchart: auto steps as subroutines, conditional steps dashed, labels in Chinese. */
export function renderMermaid(definition: Definition): string {
  const lines = ['flowchart LR'];
  const label = (step: Step): string =>
    `${step.title['zh-CN']}<br/>${step.department} · ${step.sla.workingDays}d${step.required ? '' : ' · optional'}`.replace(
      /"/g,
      '#quot;',
    );
  for (const step of definition.steps) {
    lines.push(step.kind === 'auto' ? `  ${step.id}[["${label(step)}"]]` : `  ${step.id}["${label(step)}"]`);
  }
  for (const step of definition.steps) {
    for (const dependency of step.after) {
      lines.push(
        step.when
          ? `  ${dependency} -. "${step.when.replace(/"/g, '#quot;')}" .-> ${step.id}`
          : `  ${dependency} --> ${step.id}`,
      );
    }
  }
  const conditional = definition.steps.filter((step) => step.when !== undefined).map((step) => step.id);
  if (conditional.length > 0) {
    lines.push('  classDef conditional stroke-dasharray: 5 5');
    lines.push(`  class ${conditional.join(',')} conditional`);
  }
  return lines.join('\n') + '\n';
}
