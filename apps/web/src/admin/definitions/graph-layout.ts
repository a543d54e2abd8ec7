import dagre from '@dagrejs/dagre';
import type { DefinitionPlan } from '../shared/types';

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 64;

export interface LaidOutNode {
  id: string;
  x: number;
  y: number;
  stage: number;
  critical: boolean;
}

export interface LaidOutEdge {
  from: string;
  to: string;
  critical: boolean;
}

/**
 * Left to right in dependency order (dagre), each node knowing its parallel stage and whether it lies on
 * a critical path; an edge is critical when both ends are consecutive on one of those paths.
 */
export function layoutPlan(plan: DefinitionPlan): { nodes: LaidOutNode[]; edges: LaidOutEdge[] } {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 70, marginx: 10, marginy: 10 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of plan.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of plan.edges) graph.setEdge(edge.from, edge.to);
  dagre.layout(graph);

  const stageOf = new Map<string, number>();
  plan.stages.forEach((stage, index) => stage.forEach((id) => stageOf.set(id, index)));
  const criticalNodes = new Set(plan.criticalPath.paths.flat());
  const criticalEdges = new Set(
    plan.criticalPath.paths.flatMap((path) => path.slice(1).map((id, index) => `${path[index]}→${id}`)),
  );
  return {
    nodes: plan.nodes.map((node) => {
      const placed = graph.node(node.id) as { x: number; y: number };
      return {
        id: node.id,
        x: placed.x - NODE_WIDTH / 2,
        y: placed.y - NODE_HEIGHT / 2,
        stage: stageOf.get(node.id) ?? 0,
        critical: criticalNodes.has(node.id),
      };
    }),
    edges: plan.edges.map((edge) => ({ ...edge, critical: criticalEdges.has(`${edge.from}→${edge.to}`) })),
  };
}
