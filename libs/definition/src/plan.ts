import { criticalPaths } from './critical-path';
import { eligibilityRules, type EligibilityRuleInfo } from './eligibility';
import { rejectionConsequences, type RejectionConsequence } from './flow';
import { fieldUsage } from './form';
import { stepGraph, topologicalOrder } from './graph';
import { contractEntries, outputReference, stepOutputs } from './outputs';
import type { Definition, LocalizedText, Step } from './schema';

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
  /** The data: field ids in definition order, then step outputs (`steps.<stepId>.outputs.<outputId>`). */
  fields: string[];
  /** department -> datum -> the steps of that department that receive it (absent: never receives it). */
  cells: Record<string, Record<string, string[]>>;
  /** Asked of the applicant (or fetched) but used by no step and read by no condition: must not be collected. */
  askedButUnused: string[];
  /** @deprecated The old name of `askedButUnused`. */
  overCollected: string[];
  /**
   * A department receives more than it needs: a step is sent a datum its department already holds (an
   * output one of its own steps produced), or a step output no later step reads and the applicant never sees.
   */
  receivedBeyondNeed: { department: string; stepId: string; datum: string; reason: 'own-output' }[];
  /** Outputs produced but read by no step and not shown to the applicant: why produce them? */
  outputsUnused: string[];
  /** What each list means, in both languages, for the plan's readers. */
  legend: Record<'askedButUnused' | 'receivedBeyondNeed' | 'outputsUnused', LocalizedText>;
}

export interface CommitmentCheck {
  workingDays: number;
  enforce: boolean;
  criticalPathWorkingDays: number;
  /** The critical path fits in the commitment. */
  met: boolean;
  /** Working days to spare (negative: how far the critical path exceeds the promise). */
  slackWorkingDays: number;
}

export interface DefinitionPlan {
  nodes: PlanNode[];
  edges: { from: string; to: string }[];
  /** Steps grouped by the earliest point they can start: each stage can run in parallel. */
  stages: string[][];
  /**
   * The longest chains by SLA; their sum is the worst-case processing time if every step uses its full
   * SLA. `paths` names every chain of that length; `steps` is the first of them.
   */
  criticalPath: { steps: string[]; paths: string[][]; truncated: boolean; workingDays: number };
  /** The case's promised time limit against the critical path (absent: the definition promises none). */
  commitment?: CommitmentCheck;
  /** The eligibility rules, with the application fields each reads. */
  eligibility: EligibilityRuleInfo[];
  matrix: DataMinimizationMatrix;
  /** For each step, what its rejection would block and undo (compensation scoped by `compensate.when`). */
  rejections: RejectionConsequence[];
  mermaid: string;
}

/** Expects a valid (acyclic) definition; steps on a cycle would be left out of stages and paths. */
export function planDefinition(definition: Definition): DefinitionPlan {
  const graph = stepGraph(definition.steps);
  const { order } = topologicalOrder(graph);
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
  for (const id of order) {
    const dependencies = graph.after.get(id) ?? [];
    level.set(id, Math.max(-1, ...dependencies.map((dependency) => level.get(dependency) ?? 0)) + 1);
  }
  const stages: string[][] = [];
  for (const id of order) (stages[level.get(id) ?? 0] ??= []).push(id);
  const critical = criticalPaths(definition.steps);

  return {
    nodes,
    edges,
    stages,
    criticalPath: { steps: critical.paths[0] ?? [], ...critical },
    ...(definition.commitment ? { commitment: commitmentCheck(definition, critical.workingDays) } : {}),
    eligibility: eligibilityRules(definition),
    matrix: dataMinimizationMatrix(definition),
    rejections: rejectionConsequences(definition),
    mermaid: renderMermaid(definition),
  };
}

function commitmentCheck(definition: Definition, criticalPathWorkingDays: number): CommitmentCheck {
  const { workingDays, enforce } = definition.commitment!;
  return {
    workingDays,
    enforce,
    criticalPathWorkingDays,
    met: criticalPathWorkingDays <= workingDays,
    slackWorkingDays: workingDays - criticalPathWorkingDays,
  };
}

export function dataMinimizationMatrix(definition: Definition): DataMinimizationMatrix {
  const departments = [...new Set(definition.steps.map((step) => step.department))];
  const cells: Record<string, Record<string, string[]>> = Object.fromEntries(
    departments.map((department) => [department, {}]),
  );
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const receivedBeyondNeed: DataMinimizationMatrix['receivedBeyondNeed'] = [];
  const read = new Set<string>();
  for (const step of definition.steps) {
    const row = cells[step.department] ?? {};
    for (const entry of contractEntries(step)) {
      read.add(entry.reference);
      const receivers = (row[entry.reference] ??= []);
      if (!receivers.includes(step.id)) receivers.push(step.id);
      const producer = entry.output ? byId.get(entry.output.stepId) : undefined;
      if (producer && producer.department === step.department) {
        receivedBeyondNeed.push({
          department: step.department,
          stepId: step.id,
          datum: entry.reference,
          reason: 'own-output',
        });
      }
    }
  }
  const outputs = definition.steps.flatMap((step) =>
    stepOutputs(step).map((output) => ({ reference: outputReference(step.id, output.id), output })),
  );
  const usage = fieldUsage(definition);
  const askedButUnused = definition.fields.filter((field) => !usage.has(field.id)).map((field) => field.id);
  return {
    departments,
    fields: [...definition.fields.map((field) => field.id), ...outputs.map(({ reference }) => reference)],
    cells,
    askedButUnused,
    overCollected: askedButUnused,
    receivedBeyondNeed,
    outputsUnused: outputs
      .filter(({ reference, output }) => !read.has(reference) && !output.applicantVisible)
      .map(({ reference }) => reference),
    legend: MATRIX_LEGEND,
  };
}

const MATRIX_LEGEND: DataMinimizationMatrix['legend'] = {
  askedButUnused: {
    'zh-CN': '向申请人收集、但没有任何步骤使用的数据：不应收集。',
    en: 'Asked of the applicant but used by no step: it must not be collected.',
  },
  receivedBeyondNeed: {
    'zh-CN': '部门收到了超出其所需的数据（例如本部门已掌握的数据又被发送给它）。',
    en: 'A department receives more than it needs (e.g. data it already holds is sent to it again).',
  },
  outputsUnused: {
    'zh-CN': '步骤产生、但没有后续步骤读取、也不向申请人展示的输出。',
    en: 'Outputs no later step reads and the applicant never sees.',
  },
};

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
