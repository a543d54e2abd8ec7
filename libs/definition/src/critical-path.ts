import { stepGraph, topologicalOrder } from './graph';

/** Enough to read; a graph with more equally long paths than this is reported as truncated. */
export const MAX_CRITICAL_PATHS = 50;

export interface CriticalPaths {
  /** The worst-case processing time if every step on the longest chain uses its full SLA. */
  workingDays: number;
  /** Every chain of that length, each from a step with no dependency to its last step. */
  paths: string[][];
  /** More than MAX_CRITICAL_PATHS chains are that long; the first ones are listed. */
  truncated: boolean;
}

interface Timed {
  id: string;
  after: readonly string[];
  sla: { workingDays: number };
}

/**
 * The longest chains by SLA over the `after` graph, all of them when several are equally long (steps on
 * or behind a cycle are left out: the validator reports those on their own).
 */
export function criticalPaths(steps: readonly Timed[]): CriticalPaths {
  const graph = stepGraph(steps);
  const { order } = topologicalOrder(graph);
  const days = new Map(steps.map((step) => [step.id, step.sla.workingDays]));
  const finish = new Map<string, number>();
  /** The dependencies a step's longest chain may come through: every one finishing at the maximum. */
  const through = new Map<string, string[]>();
  for (const id of order) {
    const dependencies = graph.after.get(id) ?? [];
    const latest = Math.max(0, ...dependencies.map((dependency) => finish.get(dependency) ?? 0));
    through.set(
      id,
      latest === 0 ? [] : dependencies.filter((dependency) => finish.get(dependency) === latest),
    );
    finish.set(id, latest + (days.get(id) ?? 0));
  }
  const workingDays = Math.max(0, ...finish.values());
  const ends = order.filter((id) => finish.get(id) === workingDays && workingDays > 0);
  const paths: string[][] = [];
  let truncated = false;
  const walk = (id: string, suffix: string[]): void => {
    if (paths.length >= MAX_CRITICAL_PATHS) {
      truncated = true;
      return;
    }
    const chain = [id, ...suffix];
    const previous = through.get(id) ?? [];
    if (previous.length === 0) paths.push(chain);
    for (const dependency of previous) walk(dependency, chain);
  };
  for (const end of ends) walk(end, []);
  return { workingDays, paths: paths.sort(byOrder(order)), truncated };
}

/** Paths in the order of their steps in the topological order, so the listing is stable. */
function byOrder(order: string[]): (a: string[], b: string[]) => number {
  const rank = new Map(order.map((id, index) => [id, index]));
  return (a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const difference = (rank.get(a[i]) ?? 0) - (rank.get(b[i]) ?? 0);
      if (difference !== 0) return difference;
    }
    return a.length - b.length;
  };
}
