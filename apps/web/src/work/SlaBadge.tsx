import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../i18n';
import type { SlaView } from './api';

/** Background and text of each state's badge: every pair above 4.5:1 (WCAG 1.4.3). */
const COLORS: Record<SlaView['state'], { bg: string; fg: string }> = {
  'on-time': { bg: '#1b5e20', fg: '#ffffff' },
  'due-soon': { bg: '#ffd43b', fg: '#1a1b1e' },
  breached: { bg: '#b71c1c', fg: '#ffffff' },
  paused: { bg: '#495057', fg: '#ffffff' },
  met: { bg: '#0b5345', fg: '#ffffff' },
};

/** The time limit's state in words (never colour alone, WCAG 1.4.1) and the due date in the user's language. */
export function SlaBadge({ sla }: { sla: SlaView | null }) {
  const { t, i18n } = useTranslation('work');
  if (!sla) return <Text size="sm">{t('sla.none')}</Text>;
  return (
    <span>
      <Badge
        component="span"
        color={COLORS[sla.state].bg}
        c={COLORS[sla.state].fg}
        variant="filled"
        data-sla={sla.state}
      >
        {t(`sla.state.${sla.state}`)}
      </Badge>{' '}
      <Text span size="sm">
        {t('sla.due', { date: formatDate(sla.dueAt, i18n.language) })}
      </Text>
    </span>
  );
}
