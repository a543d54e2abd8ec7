import { Alert, Anchor, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { usePageTitle } from '../ui/usePageTitle';
import {
  taskActions,
  useTaskAction,
  useTroubledSteps,
  type TaskView,
  type TroubledStep,
  type WorklistPage,
} from './api';
import { ActionError } from './ActionError';
import { ReassignForm } from './ReassignForm';
import { SlaBadge } from './SlaBadge';
import { caseRef } from './TaskList';

function useOpenTasks(name: string, query: Record<string, string>) {
  return useQuery({
    queryKey: ['work', 'board', name],
    queryFn: ({ signal }) =>
      api<WorklistPage>('GET', '/tasks', undefined, {
        signal,
        query: { status: 'open', ...query, limit: 100 },
      }),
  });
}

function TaskRows({ tasks, reassign }: { tasks: TaskView[]; reassign: boolean }) {
  const { t } = useTranslation('work');
  if (tasks.length === 0) return <Text>{t('board.none')}</Text>;
  return (
    <Stack gap="sm">
      {tasks.map((task) => (
        <Paper key={task.id} withBorder p="sm" data-board-task={task.id}>
          <Group gap="md">
            <Anchor component={Link} to={`/work/tasks/${task.id}`} fw={600}>
              {task.stepId} · {t('task.caseRef', { ref: caseRef(task.caseId) })}
            </Anchor>
            <SlaBadge sla={task.sla} />
            <Text size="sm">
              {task.holder ? t('task.heldBy', { name: task.holder.displayName ?? '' }) : t('task.unclaimed')}
            </Text>
            {task.escalatedTo && <Text size="sm">{t('task.escalated', { to: task.escalatedTo })}</Text>}
          </Group>
          {reassign && <ReassignForm task={task} />}
        </Paper>
      ))}
    </Stack>
  );
}

function FailedStepRow({ step, onRetried }: { step: TroubledStep; onRetried: (step: TroubledStep) => void }) {
  const { t } = useTranslation('work');
  const retry = useTaskAction(() => taskActions.retryStep(step.caseId, step.stepId));
  return (
    <Table.Tr>
      <Table.Td>{step.stepId}</Table.Td>
      <Table.Td>{caseRef(step.caseId)}</Table.Td>
      <Table.Td>{step.attempts?.summary ?? step.reason ?? '—'}</Table.Td>
      <Table.Td>
        <Button
          size="xs"
          // Not mutate's own onSuccess: it is dropped when the row unmounts, and a retried step leaves the
          // list (the refetch after the call) before that callback would run. The error shows below.
          onClick={() => {
            void retry.mutateAsync(undefined).then(
              () => onRetried(step),
              () => undefined,
            );
          }}
          loading={retry.isPending}
          aria-label={t('board.retryStep', { step: step.stepId, ref: caseRef(step.caseId) })}
        >
          {t('board.retry')}
        </Button>
        <ActionError error={retry.error} />
      </Table.Td>
    </Table.Tr>
  );
}

function FailedStepsTable({ onRetried }: { onRetried: (step: TroubledStep) => void }) {
  const { t } = useTranslation('work');
  const failed = useTroubledSteps(undefined);
  if (failed.isPending) return <Loader role="status" aria-label={t('loading')} />;
  if (failed.error) return <ActionError error={failed.error} />;
  if (failed.data.items.length === 0) return <Text>{t('board.none')}</Text>;
  return (
    <Table>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('board.column.step')}</Table.Th>
          <Table.Th scope="col">{t('board.column.case')}</Table.Th>
          <Table.Th scope="col">{t('board.column.error')}</Table.Th>
          <Table.Th scope="col">{t('board.column.action')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {failed.data.items.map((step) => (
          <FailedStepRow key={`${step.caseId}-${step.stepId}`} step={step} onRetried={onRetried} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Failed steps, and which were just retried (a retried step leaves the list as soon as it runs again). */
function FailedSteps() {
  const { t } = useTranslation('work');
  const [retried, setRetried] = useState<TroubledStep[]>([]);
  return (
    <>
      <FailedStepsTable onRetried={(step) => setRetried((done) => [...done, step])} />
      <Stack gap={0} role="status">
        {retried.map((step) => (
          <Text key={`${step.caseId}-${step.stepId}`}>
            {t('board.retried', { step: step.stepId, ref: caseRef(step.caseId) })}
          </Text>
        ))}
      </Stack>
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack>
        <Title order={2} id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** The supervisor's board: tasks past their time limit, escalations, and steps waiting for a retry. */
export function BoardPage() {
  const { t } = useTranslation('work');
  usePageTitle(t('board.title'));
  const breached = useOpenTasks('breached', { sla: 'breached' });
  // An escalation makes a task urgent (and moves it to the supervisors or the lead department).
  const escalated = useOpenTasks('escalated', { priority: 'urgent' });
  const escalations = (escalated.data?.items ?? []).filter((task) => task.escalatedTo !== null);
  return (
    <Stack>
      <Anchor component={Link} to="/work">
        {t('task.back')}
      </Anchor>
      <Title order={1}>{t('board.title')}</Title>
      <Section id="board-breached" title={t('board.breached', { count: breached.data?.items.length ?? 0 })}>
        {breached.isPending ? (
          <Loader role="status" aria-label={t('loading')} />
        ) : (
          <TaskRows tasks={breached.data?.items ?? []} reassign />
        )}
        <ActionError error={breached.error} />
      </Section>
      <Section id="board-escalated" title={t('board.escalated', { count: escalations.length })}>
        {escalated.isPending ? (
          <Loader role="status" aria-label={t('loading')} />
        ) : (
          <TaskRows tasks={escalations} reassign={false} />
        )}
        <ActionError error={escalated.error} />
      </Section>
      <Section id="board-failed" title={t('board.failed')}>
        <Alert variant="outline" color="gray.8">
          {t('board.failedHelp')}
        </Alert>
        <FailedSteps />
      </Section>
    </Stack>
  );
}
