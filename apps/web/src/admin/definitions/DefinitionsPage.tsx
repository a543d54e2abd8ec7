import { Alert, Anchor, Badge, Button, Group, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../shell';
import { usePageTitle } from '../shell';
import { messageOf } from '../shared/errors';
import { localized } from '../shared/text';
import type { DefinitionSummary, Page } from '../shared/types';
import { ScrollTable } from '../shared/ScrollTable';

/** Every one-thing by key: its latest version, the one in force, open drafts. */
export default function DefinitionsPage() {
  const { t, i18n } = useTranslation('admin');
  usePageTitle(t('definitions.title'));
  const list = useQuery({
    queryKey: ['admin', 'definitions'],
    queryFn: () => api<Page<DefinitionSummary>>('GET', '/definitions', undefined, { query: { limit: 100 } }),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('definitions.title')}</Title>
        <Button component={Link} to="/admin/definitions/new">
          {t('definitions.new')}
        </Button>
      </Group>
      {list.error && <Alert color="red">{messageOf(list.error)}</Alert>}
      <ScrollTable label={t('definitions.title')}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('definitions.key')}</Table.Th>
              <Table.Th scope="col">{t('definitions.name')}</Table.Th>
              <Table.Th scope="col">{t('definitions.inForce')}</Table.Th>
              <Table.Th scope="col">{t('definitions.latest')}</Table.Th>
              <Table.Th scope="col">{t('definitions.drafts')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Td>
                  <Anchor component={Link} to={`/admin/definitions/${row.key}`}>
                    {row.key}
                  </Anchor>
                </Table.Td>
                <Table.Td>{localized(row.title, i18n.language)}</Table.Td>
                <Table.Td>{row.publishedVersion ?? '—'}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/admin/definitions/${row.key}/versions/${row.latestVersion}`}>
                    {t('definitions.versionN', { version: row.latestVersion })}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {row.drafts > 0 ? (
                    <Badge autoContrast color="yellow.4">
                      {row.drafts}
                    </Badge>
                  ) : (
                    0
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}
