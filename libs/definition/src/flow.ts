import { dependentsOf, stepGraph, topologicalOrder } from './graph';
import { DEFAULT_COMPENSATION_SITUATIONS, type CompensationSituation } from './compensation-situations';
import { type Definition, type OnRequiredRejection, type Step, type StepOutcome } from './schema';

// How outcomes travel along the step graph: a skipped, rejected or blocked upstream step settles its
// dependents (unless they run anyway), a deciding rejection stops what can no longer change the result,
// and an approved step is undone only in the situations its `compensate.when` lists. Pure, like the
// scheduler that uses it.

/** Why a step settled without running; stored as the step's reason and shown to its department. */
export const FLOW_REASONS = {
  conditionNotMet: 'Condition not met',
  /** Histories from before the flow semantics. */
  requiredStepRejected: 'A required earlier step was rejected',
  upstream: (stepId: string, outcome: string) => `Upstream step ${stepId} was ${outcome}`,
  caseRejected: (stepId: string) => `The case was already rejected by step ${stepId}`,
  /** A contract entry with `ifMissing: block-step` whose producer settled without the output. */
  outputMissing: 'An output this step needs was not produced',
} as const;

export function onRequiredRejectionOf(definition: Definition): OnRequiredRejection {
  return definition.onRequiredRejection ?? 'cancel-open';
}

/** Outcome an upstream step's fate gives its dependent, or undefined when the dependent may go on. */
export function upstreamSettles(
  step: Step,
  upstream: { id: string; outcome: StepOutcome | 'cancelled' }[],
): { outcome: 'skipped' | 'blocked'; reason: string } | undefined {
  const runsAnyway = new Set<string>(step.runsWhenUpstream ?? []);
  // A cancelled step is as good as blocked for what comes after it.
  const holding = upstream.filter(
    ({ outcome }) => outcome !== 'approved' && !runsAnyway.has(outcome === 'cancelled' ? 'blocked' : outcome),
  );
  const blocking = holding.find(({ outcome }) => outcome !== 'skipped');
  if (blocking) return { outcome: 'blocked', reason: FLOW_REASONS.upstream(blocking.id, blocking.outcome) };
  const skipping = holding[0];
  return skipping ? { outcome: 'skipped', reason: FLOW_REASONS.upstream(skipping.id, 'skipped') } : undefined;
}

/** Whether a rejection of this step rejects the whole case, by the definition's outcome rule. */
export function rejectionDecidesCase(definition: Definition, step: Step): boolean {
  return step.required || definition.outcome.rule === 'all-approved';
}

/**
 * The first step (in definition order) whose rejection or block already decides the case as rejected,
 * or undefined while the result is still open.
 */
export function decidingRejection(
  definition: Definition,
  outcomes: Readonly<Record<string, StepOutcome>>,
): string | undefined {
  return definition.steps.find(
    (step) =>
      (outcomes[step.id] === 'rejected' || outcomes[step.id] === 'blocked') &&
      rejectionDecidesCase(definition, step),
  )?.id;
}

/** Every step `stepId` depends on, or that depends on it, transitively (itself excluded). */
export function relatedSteps(definition: Definition, stepId: string): Set<string> {
  const graph = stepGraph(definition.steps);
  const dependents = dependentsOf(graph);
  const walk = (start: string, next: (id: string) => readonly string[]): string[] => {
    const seen = new Set<string>();
    const queue = [...next(start)];
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (id === stepId || seen.has(id)) continue;
      seen.add(id);
      queue.push(...next(id));
    }
    return [...seen];
  };
  return new Set([
    ...walk(stepId, (id) => graph.after.get(id) ?? []),
    ...walk(stepId, (id) => dependents.get(id) ?? []),
  ]);
}

/** The situations in which an approved step is undone (none when it has no undo action). */
export function compensationSituations(step: Step): readonly CompensationSituation[] {
  if (!step.compensate) return [];
  return step.compensate.when ?? DEFAULT_COMPENSATION_SITUATIONS;
}

export type CaseEndSituation = 'withdrawn' | 'cancelled' | 'rejected' | 'other';

export interface StepToUndo {
  stepId: string;
  /** The situation of its `compensate.when` that applies. */
  because: CompensationSituation;
}

/**
 * Which of the approved steps (given in the order they were approved) are undone as the case ends, in the
 * order to undo them: latest approval first, since it may rest on the earlier ones. `rejected`: the
 * steps rejected in the case (for `dependency-rejected`).
 */
export function stepsToUndo(
  definition: Definition,
  approvedInOrder: readonly string[],
  ending: CaseEndSituation,
  rejected: readonly string[],
): StepToUndo[] {
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const situation: CompensationSituation | undefined =
    ending === 'rejected' ? 'case-rejected' : ending === 'other' ? undefined : ending;
  return [...approvedInOrder].reverse().flatMap((stepId): StepToUndo[] => {
    const step = byId.get(stepId);
    if (!step) return [];
    const when = compensationSituations(step);
    if (situation && when.includes(situation)) return [{ stepId, because: situation }];
    if (!when.includes('dependency-rejected')) return [];
    const related = relatedSteps(definition, stepId);
    return rejected.some((id) => related.has(id)) ? [{ stepId, because: 'dependency-rejected' }] : [];
  });
}

/** What a rejection of one step would undo, as `plan` shows it. */
export interface RejectionConsequence {
  rejected: string;
  /** The case ends rejected (the step decides it, or a required step behind it is blocked). */
  caseRejected: boolean;
  /** Steps that never run because of it. */
  blocked: string[];
  /** Approved steps undone, latest first (reverse topological order: the run's order may differ). */
  undone: string[];
}

/**
 * For each step: if it alone were rejected and every other step that can run were approved, which steps
 * would be blocked and which undone.
 */
export function rejectionConsequences(definition: Definition): RejectionConsequence[] {
  const { order } = topologicalOrder(stepGraph(definition.steps));
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  return definition.steps.map((rejectedStep) => {
    const outcomes: Record<string, StepOutcome> = { [rejectedStep.id]: 'rejected' };
    const blocked: string[] = [];
    for (const id of order) {
      const step = byId.get(id);
      if (!step || id === rejectedStep.id) continue;
      const upstream = step.after.flatMap((dependency) => {
        const outcome = outcomes[dependency];
        return outcome ? [{ id: dependency, outcome }] : [];
      });
      const settled = upstreamSettles(step, upstream);
      outcomes[id] = settled ? settled.outcome : 'approved';
      if (settled?.outcome === 'blocked') blocked.push(id);
    }
    const caseRejected =
      rejectionDecidesCase(definition, rejectedStep) ||
      blocked.some((id) => rejectionDecidesCase(definition, byId.get(id)!));
    const approved = order.filter((id) => outcomes[id] === 'approved');
    return {
      rejected: rejectedStep.id,
      caseRejected,
      blocked,
      undone: stepsToUndo(definition, approved, caseRejected ? 'rejected' : 'other', [rejectedStep.id]).map(
        ({ stepId }) => stepId,
      ),
    };
  });
}
