import { Anchor, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { attachmentUrl, type TaskDetailView } from './api';
import { shown } from './shown';

function sizeOf(bytes: number, language: string): string {
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: 'kilobyte',
    maximumFractionDigits: 1,
  }).format(bytes / 1024);
}

/** Exactly the data the step's contract routed here (the API sends nothing else), and its documents. */
export function TaskData({ task }: { task: TaskDetailView }) {
  const { t, i18n } = useTranslation('work');
  const attachmentFields = new Set(task.attachments.map((attachment) => attachment.field));
  const entries = Object.entries(task.data).filter(([field]) => !attachmentFields.has(field));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="data-title">
      <Stack>
        <Title order={2} id="data-title">
          {t('task.data')}
        </Title>
        <Text size="sm" c="gray.8">
          {t('task.dataHelp')}
        </Text>
        <Table>
          <Table.Tbody>
            {entries.map(([field, value]) => (
              <Table.Tr key={field}>
                <Table.Th scope="row">{field}</Table.Th>
                <Table.Td data-field={field}>{shown(value)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Title order={3}>{t('task.attachments')}</Title>
        {task.attachments.length === 0 ? (
          <Text>{t('task.noAttachments')}</Text>
        ) : (
          <List aria-label={t('task.attachments')}>
            {task.attachments.map((attachment) => (
              <List.Item key={`${attachment.field}-${attachment.ref}`}>
                <Anchor href={attachmentUrl(task.id, attachment.ref)} data-attachment={attachment.field}>
                  {attachment.name}
                </Anchor>{' '}
                <Text span size="sm" c="gray.8">
                  ({attachment.field}, {attachment.contentType}, {sizeOf(attachment.sizeBytes, i18n.language)}
                  )
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Paper>
  );
}
