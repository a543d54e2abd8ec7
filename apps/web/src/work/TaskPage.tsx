import { Alert, Anchor, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { formatDateTime } from '../i18n';
import { hasAnyRole, useSession } from '../session/session';
import { usePageTitle } from '../ui/usePageTitle';
import { taskActions, useTask, useTaskAction, type TaskDetailView } from './api';
import { ActionError } from './ActionError';
import { CommentsPanel } from './CommentsPanel';
import { DecisionPanel } from './DecisionPanel';
import { MaterialRequestPanel } from './MaterialRequestPanel';
import { ReassignForm } from './ReassignForm';
import { shown } from './shown';
import { SlaBadge } from './SlaBadge';
import { StatusBadge } from './StatusBadge';
import { TaskData } from './TaskData';
import { caseRef } from './TaskList';

/** A task that is not the caller's department's (or does not exist) is refused in words, not a blank page. */
function Refused() {
  const { t } = useTranslation('work');
  usePageTitle(t('refused.title'));
  return (
    <Stack>
      <Title order={1}>{t('refused.title')}</Title>
      <Alert color="red.9" variant="outline" role="alert">
        {t('refused.text')}
      </Alert>
      <Anchor component={Link} to="/work">
        {t('refused.back')}
      </Anchor>
    </Stack>
  );
}

function Holding({ task }: { task: TaskDetailView }) {
  const { t } = useTranslation('work');
  const { user } = useSession();
  const claim = useTaskAction(() => taskActions.claim(task.id));
  const release = useTaskAction(() => taskActions.release(task.id));
  const waiting = task.status === 'open' || task.status === 'awaiting_material';
  const mine = task.assigneeAccountId === user?.id;
  return (
    <Group gap="sm">
      <Text>
        {task.holder
          ? t('task.heldBy', { name: task.holder.displayName ?? t('holder.someone') })
          : t('task.unclaimed')}
      </Text>
      {waiting && !task.holder && (
        <Button onClick={() => claim.mutate()} loading={claim.isPending} data-action="claim">
          {t('task.claim')}
        </Button>
      )}
      {waiting && task.holder && (mine || hasAnyRole(user, ['department_supervisor'])) && (
        <Button
          variant="default"
          onClick={() => release.mutate()}
          loading={release.isPending}
          data-action="release"
        >
          {t('task.release')}
        </Button>
      )}
      <ActionError error={claim.error ?? release.error} />
    </Group>
  );
}

function Decided({ task }: { task: TaskDetailView }) {
  const { t, i18n } = useTranslation('work');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="decided-title">
      <Title order={2} id="decided-title">
        {t('task.decided')}
      </Title>
      <Text>
        <StatusBadge status={task.status} />{' '}
        {task.decidedAt ? formatDateTime(task.decidedAt, i18n.language) : ''}
      </Text>
      {task.decisionReason && <Text>{t('task.reason', { reason: task.decisionReason })}</Text>}
      {task.outputs &&
        Object.entries(task.outputs).map(([id, value]) => (
          <Text key={id} data-output={id}>
            {id}: {shown(value)}
          </Text>
        ))}
    </Paper>
  );
}

function TaskView({ task }: { task: TaskDetailView }) {
  const { t } = useTranslation('work');
  const { user } = useSession();
  usePageTitle(t('task.title', { step: task.stepId }));
  const open = task.status === 'open';
  const waiting = open || task.status === 'awaiting_material';
  return (
    <Stack>
      <Anchor component={Link} to="/work">
        {t('task.back')}
      </Anchor>
      <Title order={1}>{t('task.title', { step: task.stepId })}</Title>
      <Group gap="md">
        <Text>{t('task.caseRef', { ref: caseRef(task.caseId) })}</Text>
        <StatusBadge status={task.status} />
        <SlaBadge sla={task.sla} />
        {task.escalatedTo && <Text>{t('task.escalated', { to: task.escalatedTo })}</Text>}
      </Group>
      <Holding task={task} />
      {waiting && hasAnyRole(user, ['department_supervisor']) && <ReassignForm task={task} />}
      <TaskData task={task} />
      {open && <DecisionPanel task={task} />}
      {open && <MaterialRequestPanel task={task} />}
      {!waiting && <Decided task={task} />}
      <CommentsPanel task={task} />
    </Stack>
  );
}

export function TaskPage() {
  const { t } = useTranslation('work');
  const { id = '' } = useParams();
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const task = useTask(id);
  if (!valid) return <Refused />;
  if (task.isPending) return <Loader role="status" aria-label={t('loading')} />;
  if (task.error instanceof ApiError && (task.error.status === 404 || task.error.status === 403))
    return <Refused />;
  if (task.error) return <ActionError error={task.error} />;
  return <TaskView task={task.data} />;
}
