import { Badge, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n';
import type { CaseStep } from '../types';

/** What the applicant reads for a step: asked for material and retrying are states of a running step. */
export function stepPhase(step: CaseStep): string {
  if (step.status === 'running' && step.sla?.state === 'paused') return 'askedForMaterial';
  if (step.status === 'running' && step.attempts?.state === 'retrying') return 'retrying';
  if (step.status === 'running') return 'inProgress';
  if (step.status === 'pending') return 'waiting';
  return step.status;
}

const PHASE_COLORS: Record<string, string> = {
  approved: 'green',
  rejected: 'red',
  failed: 'red',
  askedForMaterial: 'orange',
  retrying: 'yellow',
  inProgress: 'blue',
};

/** One line per department's step: its state, the reason of a no, and the step's due date. */
export function StepTimeline(props: { steps: CaseStep[]; departmentName: (code: string) => string }) {
  const { t, i18n } = useTranslation('apply');
  const active = props.steps.filter((step) => !['pending', 'running'].includes(step.status)).length - 1;
  return (
    <Timeline active={active} bulletSize={18} lineWidth={2} aria-label={t('case.timeline')}>
      {props.steps.map((step) => {
        const phase = stepPhase(step);
        return (
          <Timeline.Item
            key={step.stepId}
            title={
              <Text fw={600} component="span">
                {props.departmentName(step.department)}
              </Text>
            }
            data-testid={`step-${step.stepId}`}
          >
            <Badge color={PHASE_COLORS[phase] ?? 'gray'} variant="light" c="dark" mt={4}>
              {t(`phase.${phase}`)}
            </Badge>
            {step.reason && (
              <Text size="sm" mt={4}>
                {t('case.reason', { reason: step.reason })}
              </Text>
            )}
            {step.attempts?.state === 'retrying' && (
              <Text size="sm">{t('case.attempt', { attempt: step.attempts.attempt })}</Text>
            )}
            {step.sla && !['approved', 'rejected', 'skipped', 'cancelled'].includes(step.status) && (
              <Text size="sm" c="dimmed">
                {t('case.stepDue', { date: formatDate(step.sla.dueAt, i18n.language) })}
              </Text>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
