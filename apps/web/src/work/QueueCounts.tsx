import { Button, Group } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { WorklistFilters, WorklistPage } from './api';

const VIEWS: { key: string; query: Record<string, string>; filter: [keyof WorklistFilters, string] }[] = [
  { key: 'breached', query: { sla: 'breached' }, filter: ['sla', 'breached'] },
  { key: 'dueSoon', query: { sla: 'due-soon' }, filter: ['sla', 'due-soon'] },
  { key: 'mine', query: { assignee: 'me' }, filter: ['assignee', 'me'] },
  { key: 'unclaimed', query: { assignee: 'unassigned' }, filter: ['assignee', 'unassigned'] },
];

function useCount(query: Record<string, string>) {
  return useQuery({
    queryKey: ['work', 'count', query],
    queryFn: ({ signal }) =>
      api<WorklistPage>('GET', '/tasks', undefined, {
        signal,
        query: { status: 'open', ...query, limit: 1 },
      }),
    select: (page) => page.total ?? page.totalAtLeast ?? 0,
  });
}

function CountButton(props: {
  view: (typeof VIEWS)[number];
  onPick: (name: keyof WorklistFilters, value: string) => void;
}) {
  const { t } = useTranslation('work');
  const count = useCount(props.view.query);
  return (
    <Button variant="default" size="xs" onClick={() => props.onPick(...props.view.filter)}>
      {t(`counts.${props.view.key}`, { count: count.data ?? 0 })}
    </Button>
  );
}

/** Open tasks by the states a worker starts the day from; each count is a filter to apply. */
export function QueueCounts({ onPick }: { onPick: (name: keyof WorklistFilters, value: string) => void }) {
  const { t } = useTranslation('work');
  return (
    <Group gap="xs" role="group" aria-label={t('counts.label')}>
      {VIEWS.map((view) => (
        <CountButton key={view.key} view={view} onPick={onPick} />
      ))}
    </Group>
  );
}
