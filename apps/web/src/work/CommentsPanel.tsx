import { Badge, Button, Checkbox, List, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n';
import { taskActions, useComments, useTaskAction, type TaskDetailView } from './api';
import { ActionError } from './ActionError';

/** The department's comments on the task, newest first; one marked for the applicant shows in their case. */
export function CommentsPanel({ task }: { task: TaskDetailView }) {
  const { t, i18n } = useTranslation('work');
  const comments = useComments(task.id);
  const [body, setBody] = useState('');
  const [visible, setVisible] = useState(false);
  const add = useTaskAction(() =>
    taskActions.comment(task.id, { body: body.trim(), visibleToApplicant: visible }),
  );
  const items = comments.data?.items ?? task.recentComments;
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(undefined, {
      onSuccess: () => {
        setBody('');
        setVisible(false);
      },
    });
  }
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="comments-title">
      <Stack>
        <Title order={2} id="comments-title">
          {t('comments.title')}
        </Title>
        {items.length === 0 ? (
          <Text>{t('comments.none')}</Text>
        ) : (
          <List listStyleType="none" spacing="sm" aria-label={t('comments.title')}>
            {items.map((comment) => (
              <List.Item key={comment.id}>
                <Text size="sm" fw={600}>
                  {comment.author?.displayName ?? comment.department} ·{' '}
                  {formatDateTime(comment.createdAt, i18n.language)}{' '}
                  {comment.visibleToApplicant && (
                    <Badge component="span" variant="outline" color="dark">
                      {t('comments.visible')}
                    </Badge>
                  )}
                </Text>
                <Text style={{ whiteSpace: 'pre-wrap' }}>{comment.body}</Text>
              </List.Item>
            ))}
          </List>
        )}
        <form onSubmit={submit}>
          <Stack gap="xs">
            <Textarea
              label={t('comments.add')}
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
              autosize
              minRows={2}
            />
            <Checkbox
              label={t('comments.markVisible')}
              checked={visible}
              onChange={(event) => setVisible(event.currentTarget.checked)}
            />
            <ActionError error={add.error} />
            <Button
              type="submit"
              variant="default"
              disabled={!body.trim()}
              loading={add.isPending}
              style={{ alignSelf: 'start' }}
            >
              {t('comments.submit')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
