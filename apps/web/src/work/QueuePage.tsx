import { Alert, Anchor, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { hasAnyRole, useSession } from '../session/session';
import { usePageTitle } from '../ui/usePageTitle';
import { useWorkbench, useWorklist, type BulkResult, type WorklistFilters } from './api';
import { BulkBar } from './BulkBar';
import { BulkResults } from './BulkResults';
import { filtersFromSearch, withFilter } from './filters';
import { QueueCounts } from './QueueCounts';
import { QueueFilters } from './QueueFilters';
import { TaskList } from './TaskList';
import { ActionError } from './ActionError';

/** The department's queue: filters in the address bar, keyset pages ("load more"), bulk actions. */
export function QueuePage() {
  const { t } = useTranslation('work');
  usePageTitle(t('queue.title'));
  const { user } = useSession();
  const supervisor = hasAnyRole(user, ['department_supervisor']);
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const worklist = useWorklist(filters);
  const workbench = useWorkbench();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkResult, setBulkResult] = useState<BulkResult | null>(null);
  const tasks = useMemo(() => worklist.data?.pages.flatMap((page) => page.items) ?? [], [worklist.data]);
  const first = worklist.data?.pages[0];

  // A change not yet in the address bar: two quick changes (before the next render) must not undo each other.
  const pending = useRef<URLSearchParams | null>(null);
  useEffect(() => {
    pending.current = null;
  }, [search]);
  const change = (name: keyof WorklistFilters, value: string) => {
    setSelected(new Set());
    const next = withFilter(pending.current ?? search, name, value);
    pending.current = next;
    setSearch(next, { replace: true });
  };
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const toggleAll = () =>
    setSelected((current) =>
      tasks.every((task) => current.has(task.id)) ? new Set() : new Set(tasks.map((task) => task.id)),
    );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('queue.title')}</Title>
        {supervisor && (
          <Anchor component={Link} to="/work/board">
            {t('board.link')}
          </Anchor>
        )}
      </Group>
      <QueueCounts onPick={change} />
      <QueueFilters filters={filters} workbench={workbench.data} onChange={change} />
      <Text id="work-queue-keys" size="sm" c="gray.8">
        {t('queue.keys')}
      </Text>
      <Text
        role="status"
        aria-live="polite"
        aria-busy={worklist.isFetching}
        data-query={search.toString()}
        fw={600}
        data-testid="queue-total"
      >
        {first === undefined
          ? ''
          : first.total !== undefined
            ? t('queue.total', { count: first.total })
            : t('queue.totalAtLeast', { count: first.totalAtLeast ?? tasks.length })}
      </Text>
      {selected.size > 0 && (
        <BulkBar
          ids={[...selected]}
          supervisor={supervisor}
          workbench={workbench.data}
          onDone={(result) => {
            setBulkResult(result);
            setSelected(new Set());
          }}
        />
      )}
      {bulkResult && <BulkResults result={bulkResult} tasks={tasks} />}
      {worklist.isPending && <Loader role="status" aria-label={t('loading')} />}
      <ActionError error={worklist.error} />
      {worklist.isSuccess && tasks.length === 0 && (
        <Alert variant="outline" color="gray.8">
          {t('queue.empty')}
        </Alert>
      )}
      {tasks.length > 0 && (
        <TaskList tasks={tasks} selected={selected} onToggle={toggle} onToggleAll={toggleAll} />
      )}
      {worklist.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void worklist.fetchNextPage()}
          loading={worklist.isFetchingNextPage}
          style={{ alignSelf: 'start' }}
        >
          {t('queue.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
