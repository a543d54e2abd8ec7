import { Alert, Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { taskActions, useTaskAction, useWorkbench, type TaskView } from './api';
import { ActionError } from './ActionError';

/** A supervisor hands a task to a person of its department (the reason goes into the case's record). */
export function ReassignForm({ task }: { task: TaskView }) {
  const { t } = useTranslation('work');
  const workbench = useWorkbench();
  const [person, setPerson] = useState('');
  const [reason, setReason] = useState('');
  const reassign = useTaskAction(() =>
    taskActions.reassign(task.id, { toAccountId: person, reason: reason.trim() }),
  );
  const people = (workbench.data?.people ?? []).filter((p) => p.departments.includes(task.department));
  function submit(event: FormEvent) {
    event.preventDefault();
    reassign.mutate();
  }
  return (
    <form onSubmit={submit} aria-label={t('reassign.title', { step: task.stepId })}>
      <Group align="end" gap="sm">
        <NativeSelect
          label={t('reassign.person')}
          value={person}
          onChange={(event) => setPerson(event.currentTarget.value)}
          data={[
            { value: '', label: t('bulk.choosePerson') },
            ...people.map((p) => ({ value: p.accountId, label: p.displayName })),
          ]}
          required
        />
        <TextInput
          label={t('reassign.reason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          required
        />
        <Button
          type="submit"
          variant="default"
          disabled={!person || !reason.trim()}
          loading={reassign.isPending}
        >
          {t('reassign.submit')}
        </Button>
      </Group>
      <ActionError error={reassign.error} />
      {reassign.isSuccess && (
        <Alert role="status" variant="outline" color="teal.9" mt="xs">
          {t('reassign.done', { name: reassign.data.holder?.displayName ?? '' })}
        </Alert>
      )}
    </form>
  );
}
