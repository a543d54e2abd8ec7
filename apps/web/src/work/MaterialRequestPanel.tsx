import { Alert, Button, Checkbox, Paper, Stack, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { taskActions, useTaskAction, type TaskDetailView } from './api';
import { ActionError } from './ActionError';

/** Ask the applicant for more: fields of this step's contract and words they understand. */
export function MaterialRequestPanel({ task }: { task: TaskDetailView }) {
  const { t } = useTranslation('work');
  const [fields, setFields] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const ask = useTaskAction(() => taskActions.requestMaterial(task.id, { fields, message: message.trim() }));
  function submit(event: FormEvent) {
    event.preventDefault();
    ask.mutate();
  }
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="material-title">
      <form onSubmit={submit}>
        <Stack>
          <Title order={2} id="material-title">
            {t('material.title')}
          </Title>
          <Checkbox.Group label={t('material.fields')} value={fields} onChange={setFields} required>
            <Stack gap="xs" mt="xs">
              {Object.keys(task.data).map((field) => (
                <Checkbox key={field} value={field} label={field} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Textarea
            label={t('material.message')}
            value={message}
            onChange={(event) => setMessage(event.currentTarget.value)}
            required
            autosize
            minRows={2}
          />
          <ActionError error={ask.error} />
          {ask.isSuccess && (
            <Alert role="status" variant="outline" color="teal.9">
              {t('material.done')}
            </Alert>
          )}
          <Button
            type="submit"
            variant="default"
            loading={ask.isPending}
            disabled={fields.length === 0 || !message.trim()}
            style={{ alignSelf: 'start' }}
          >
            {t('material.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
