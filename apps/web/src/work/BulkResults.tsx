import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BulkResult, TaskView } from './api';
import { caseRef } from './TaskList';

/** One line per task of a bulk action: done, or why not (the API's code and message). */
export function BulkResults({ result, tasks }: { result: BulkResult; tasks: TaskView[] }) {
  const { t } = useTranslation('work');
  const failed = result.results.filter((item) => !item.ok).length;
  const byId = new Map(tasks.map((task) => [task.id, task]));
  return (
    <Alert
      role="status"
      variant="outline"
      color={failed > 0 ? 'red.9' : 'teal.9'}
      title={t('bulk.summary', { done: result.results.length - failed, failed })}
    >
      <List size="sm" aria-label={t('bulk.results')}>
        {result.results.map((item) => {
          const task = byId.get(item.id);
          const name = task ? `${task.stepId} · ${caseRef(task.caseId)}` : caseRef(item.id);
          return (
            <List.Item key={item.id} data-bulk-result={item.ok ? 'ok' : 'failed'}>
              <Text span fw={600}>
                {name}
              </Text>
              {': '}
              {item.ok
                ? t('bulk.ok')
                : t('bulk.failed', { code: item.code ?? '', message: item.message ?? '' })}
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}
