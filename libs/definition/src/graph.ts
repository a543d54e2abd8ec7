// Graph helpers over the `after` relation. They take plain adjacency data so the validator can run them on
// partially valid documents and the planner on valid ones.

export interface StepGraph {
  /** Step ids in definition order. */
  ids: string[];
  /** id -> the ids it runs after (only ids that exist). */
  after: Map<string, string[]>;
}

export function stepGraph(steps: readonly { id: string; after: readonly string[] }[]): StepGraph {
  const ids = steps.map((step) => step.id);
  const known = new Set(ids);
  const after = new Map<string, string[]>();
  for (const step of steps) after.set(step.id, [...new Set(step.after.filter((id) => known.has(id)))]);
  return { ids, after };
}

/**
 * Kahn's algorithm; among steps ready at the same time, definition order wins so the result is stable.
 * Steps on or behind a cycle are returned separately.
 */
export function topologicalOrder(graph: StepGraph): { order: string[]; unordered: string[] } {
  const remaining = new Map(graph.ids.map((id) => [id, graph.after.get(id)?.length ?? 0]));
  const dependents = dependentsOf(graph);
  const order: string[] = [];
  let ready = graph.ids.filter((id) => remaining.get(id) === 0);
  while (ready.length > 0) {
    const [next, ...rest] = ready;
    if (next === undefined) break;
    order.push(next);
    ready = rest;
    for (const dependent of dependents.get(next) ?? []) {
      const count = (remaining.get(dependent) ?? 0) - 1;
      remaining.set(dependent, count);
      if (count === 0) ready = insertInDefinitionOrder(ready, dependent, graph.ids);
    }
  }
  const placed = new Set(order);
  return { order, unordered: graph.ids.filter((id) => !placed.has(id)) };
}

function insertInDefinitionOrder(queue: string[], id: string, ids: string[]): string[] {
  const rank = ids.indexOf(id);
  const position = queue.findIndex((other) => ids.indexOf(other) > rank);
  return position < 0 ? [...queue, id] : [...queue.slice(0, position), id, ...queue.slice(position)];
}

export function dependentsOf(graph: StepGraph): Map<string, string[]> {
  const dependents = new Map<string, string[]>(graph.ids.map((id) => [id, []]));
  for (const id of graph.ids)
    for (const dependency of graph.after.get(id) ?? []) dependents.get(dependency)?.push(id);
  return dependents;
}

/** Each cycle as the list of its steps in edge order, starting at the earliest defined one. */
export function findCycles(graph: StepGraph): string[][] {
  // Tarjan's strongly connected components; a component of more than one step, or a self-loop, is a cycle.
  let index = 0;
  const indexOf = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (id: string): void => {
    indexOf.set(id, index);
    lowLink.set(id, index);
    index += 1;
    stack.push(id);
    onStack.add(id);
    for (const next of graph.after.get(id) ?? []) {
      if (!indexOf.has(next)) {
        connect(next);
        lowLink.set(id, Math.min(lowLink.get(id) ?? 0, lowLink.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLink.set(id, Math.min(lowLink.get(id) ?? 0, indexOf.get(next) ?? 0));
      }
    }
    if (lowLink.get(id) === indexOf.get(id)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      components.push(component);
    }
  };
  for (const id of graph.ids) if (!indexOf.has(id)) connect(id);
  return components
    .filter(
      (component) =>
        component.length > 1 || (graph.after.get(component[0] ?? '') ?? []).includes(component[0] ?? ''),
    )
    .map((component) => orderCycle(graph, new Set(component)))
    .sort((a, b) => graph.ids.indexOf(a[0] ?? '') - graph.ids.indexOf(b[0] ?? ''));
}

/** Walks one concrete cycle through the component, so the report reads a → b → c → a. */
function orderCycle(graph: StepGraph, members: Set<string>): string[] {
  const start = graph.ids.find((id) => members.has(id)) ?? '';
  const path = [start];
  const seen = new Set(path);
  const walk = (id: string): boolean => {
    for (const next of graph.after.get(id) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      path.push(next);
      if (walk(next)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return path;
}

/** All steps `id` transitively runs after. */
export function ancestorsOf(graph: StepGraph, id: string): Set<string> {
  const found = new Set<string>();
  const pending = [...(graph.after.get(id) ?? [])];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined || found.has(next)) continue;
    found.add(next);
    pending.push(...(graph.after.get(next) ?? []));
  }
  return found;
}
