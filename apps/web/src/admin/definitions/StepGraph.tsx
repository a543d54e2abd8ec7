import { Badge, Group, Stack, Text } from '@mantine/core';
import { Background, Controls, MarkerType, Position, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DefinitionPlan } from '../shared/types';
import { layoutPlan } from './graph-layout';

interface StepGraphProps {
  plan: DefinitionPlan;
  /** Step id → its condition (`when`), read from the source: shown on the edges into the step. */
  conditions: Record<string, string>;
}

/** The steps as a graph: dependencies, parallel stages, conditions on edges, the critical path in red. */
export function StepGraph({ plan, conditions }: StepGraphProps) {
  const { t } = useTranslation('admin');
  const { nodes, edges } = useMemo(() => {
    const laid = layoutPlan(plan);
    const byId = new Map(plan.nodes.map((node) => [node.id, node]));
    const flowNodes: Node[] = laid.nodes.map((node) => {
      const step = byId.get(node.id)!;
      return {
        id: node.id,
        position: { x: node.x, y: node.y },
        // Laid out left to right: edges leave on the right and arrive on the left.
        sourcePosition: Position.Right,
        targetPosition: Position.Left,
        data: {
          label: (
            <div data-testid={`graph-step-${node.id}`} data-critical={node.critical}>
              <strong>{node.id}</strong>
              <div>
                {step.department} · {t('graph.days', { count: step.slaWorkingDays })}
              </div>
              <div>
                {t(`graph.kind.${step.kind}`)} · {t('graph.stage', { stage: node.stage + 1 })}
                {step.required ? '' : ` · ${t('graph.optional')}`}
              </div>
            </div>
          ),
        },
        className: `step-node${node.critical ? ' step-node-critical' : ''}${step.conditional ? ' step-node-conditional' : ''}`,
        draggable: false,
        connectable: false,
        ariaLabel: t('graph.nodeLabel', {
          id: node.id,
          department: step.department,
          days: step.slaWorkingDays,
          stage: node.stage + 1,
        }),
      };
    });
    const flowEdges: Edge[] = laid.edges.map((edge) => ({
      id: `${edge.from}->${edge.to}`,
      source: edge.from,
      target: edge.to,
      label: conditions[edge.to],
      animated: conditions[edge.to] !== undefined,
      markerEnd: { type: MarkerType.ArrowClosed },
      className: edge.critical ? 'step-edge-critical' : undefined,
      style: edge.critical ? { stroke: '#c92a2a', strokeWidth: 2.5 } : undefined,
    }));
    return { nodes: flowNodes, edges: flowEdges };
  }, [plan, conditions, t]);

  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Badge autoContrast color="red.9" tt="none">
          {t('graph.critical', {
            days: plan.criticalPath.workingDays,
            steps: plan.criticalPath.steps.join(' → '),
          })}
        </Badge>
        {plan.commitment && (
          <Badge
            autoContrast
            color={plan.commitment.met ? 'teal.9' : 'orange.4'}
            data-testid="commitment"
            tt="none"
          >
            {t(plan.commitment.met ? 'graph.commitmentMet' : 'graph.commitmentExceeded', {
              days: plan.commitment.workingDays,
              slack: plan.commitment.slackWorkingDays,
            })}
          </Badge>
        )}
        <Badge autoContrast color="gray.7" tt="none">
          {t('graph.stages', { count: plan.stages.length })}
        </Badge>
      </Group>
      <div className="step-graph" data-testid="step-graph" data-nodes={plan.nodes.length}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          fitView
          nodesDraggable={false}
          nodesConnectable={false}
          proOptions={{ hideAttribution: true }}
          aria-label={t('graph.label')}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      <Text size="sm" c="gray.7">
        {t('graph.legend')}
      </Text>
    </Stack>
  );
}
