import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../i18n';
import type { SlaView } from './api';

const COLORS: Record<SlaView['state'], string> = {
  'on-time': 'green.9',
  'due-soon': 'yellow.9',
  breached: 'red.9',
  paused: 'gray.8',
  met: 'teal.9',
};

/** The time limit's state in words (never colour alone, WCAG 1.4.1) and the due date in the user's language. */
export function SlaBadge({ sla }: { sla: SlaView | null }) {
  const { t, i18n } = useTranslation('work');
  if (!sla) return <Text size="sm">{t('sla.none')}</Text>;
  return (
    <span>
      <Badge color={COLORS[sla.state]} variant="filled" data-sla={sla.state}>
        {t(`sla.state.${sla.state}`)}
      </Badge>{' '}
      <Text span size="sm">
        {t('sla.due', { date: formatDate(sla.dueAt, i18n.language) })}
      </Text>
    </span>
  );
}
