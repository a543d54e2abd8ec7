import { Group, NativeSelect, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FILTER_CHOICES } from './filters';
import type { WorkbenchView, WorklistFilters } from './api';

interface Props {
  filters: WorklistFilters;
  workbench: WorkbenchView | undefined;
  onChange: (name: keyof WorklistFilters, value: string) => void;
}

/** Native selects and date inputs: the browser's own keyboard and screen-reader behaviour, on a phone too. */
export function QueueFilters({ filters, workbench, onChange }: Props) {
  const { t, i18n } = useTranslation('work');
  const language = i18n.language === 'en' ? 'en' : 'zh-CN';
  const choices = (prefix: string, values: readonly string[], any: string) => [
    { value: '', label: any },
    ...values.map((value) => ({ value, label: t(`${prefix}.${value}`) })),
  ];
  return (
    <Group component="form" role="search" aria-label={t('queue.filters')} align="end" gap="sm" wrap="wrap">
      <NativeSelect
        label={t('queue.filter.status')}
        value={filters.status ?? 'any'}
        data={[
          { value: 'any', label: t('queue.any') },
          ...FILTER_CHOICES.STATUSES.map((value) => ({ value, label: t(`status.${value}`) })),
        ]}
        onChange={(event) => onChange('status', event.currentTarget.value)}
      />
      <NativeSelect
        label={t('queue.filter.sla')}
        value={filters.sla ?? ''}
        data={choices('sla.state', FILTER_CHOICES.SLA_STATES, t('queue.any'))}
        onChange={(event) => onChange('sla', event.currentTarget.value)}
      />
      <NativeSelect
        label={t('queue.filter.assignee')}
        value={filters.assignee ?? ''}
        data={choices('queue.assignee', FILTER_CHOICES.ASSIGNEES, t('queue.assignee.all'))}
        onChange={(event) => onChange('assignee', event.currentTarget.value)}
      />
      <NativeSelect
        label={t('queue.filter.oneThing')}
        value={filters.oneThing ?? ''}
        data={[
          { value: '', label: t('queue.any') },
          ...(workbench?.oneThings ?? []).map((one) => ({ value: one.key, label: one.title[language] })),
        ]}
        onChange={(event) => onChange('oneThing', event.currentTarget.value)}
      />
      {(workbench?.departments.length ?? 0) > 1 && (
        <NativeSelect
          label={t('queue.filter.department')}
          value={filters.department ?? ''}
          data={[
            { value: '', label: t('queue.any') },
            ...(workbench?.departments ?? []).map((d) => ({ value: d.code, label: d.name[language] })),
          ]}
          onChange={(event) => onChange('department', event.currentTarget.value)}
        />
      )}
      <TextInput
        type="date"
        label={t('queue.filter.submittedFrom')}
        value={filters.submittedFrom ?? ''}
        onChange={(event) => onChange('submittedFrom', event.currentTarget.value)}
      />
      <TextInput
        type="date"
        label={t('queue.filter.submittedTo')}
        value={filters.submittedTo ?? ''}
        onChange={(event) => onChange('submittedTo', event.currentTarget.value)}
      />
      <NativeSelect
        label={t('queue.filter.sort')}
        value={filters.sort ?? 'due'}
        data={FILTER_CHOICES.SORTS.map((value) => ({ value, label: t(`queue.sort.${value}`) }))}
        onChange={(event) => onChange('sort', event.currentTarget.value)}
      />
    </Group>
  );
}
