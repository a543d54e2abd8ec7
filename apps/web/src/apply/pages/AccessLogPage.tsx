import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n';
import { usePageTitle } from '../../ui/usePageTitle';
import { ApplyNav } from '../components/ApplyNav';
import { QueryState } from '../components/QueryState';
import { useAccessLog } from '../queries';

/** Who read my data, when, which fields and why (the access trail, as the applicant may see it). */
export function AccessLogPage() {
  const { t, i18n } = useTranslation('apply');
  usePageTitle(t('accessLog.title'));
  const log = useAccessLog();
  return (
    <Stack>
      <ApplyNav />
      <Title order={1}>{t('accessLog.title')}</Title>
      <Text c="dimmed">{t('accessLog.intro')}</Text>
      <QueryState query={log}>
        {(page) =>
          page.items.length === 0 ? (
            <Text>{t('accessLog.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('accessLog.when')}</Table.Th>
                    <Table.Th>{t('accessLog.who')}</Table.Th>
                    <Table.Th>{t('accessLog.what')}</Table.Th>
                    <Table.Th>{t('accessLog.why')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td>{formatDateTime(entry.occurredAt, i18n.language)}</Table.Td>
                      <Table.Td>
                        {t(`roles.${entry.role}`, { defaultValue: entry.role })}
                        {entry.department ? ` · ${entry.department}` : ''}
                      </Table.Td>
                      <Table.Td>{entry.fields.join(', ') || entry.resource}</Table.Td>
                      <Table.Td>{t(`purposes.${entry.purpose}`, { defaultValue: entry.purpose })}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Stack>
  );
}
