import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../i18n';
import { usePageTitle } from '../../ui/usePageTitle';
import { ApplyNav } from '../components/ApplyNav';
import { QueryState } from '../components/QueryState';
import { useCatalog, useMyCases } from '../queries';

export function MyCasesPage() {
  const { t, i18n } = useTranslation('apply');
  usePageTitle(t('cases.title'));
  const cases = useMyCases();
  const catalog = useCatalog();
  const titles = new Map((catalog.data?.items ?? []).map((entry) => [entry.key, entry.title]));
  return (
    <Stack>
      <ApplyNav />
      <Title order={1}>{t('cases.title')}</Title>
      <QueryState query={cases}>
        {(page) =>
          page.items.length === 0 ? (
            <Text>{t('cases.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={320}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('cases.oneThing')}</Table.Th>
                    <Table.Th>{t('cases.submitted')}</Table.Th>
                    <Table.Th>{t('cases.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/apply/cases/${item.id}`}>
                          {titles.get(item.definition.key) ?? item.definition.key}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatDateTime(item.submittedAt, i18n.language)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" c="dark">
                          {t(`caseStatus.${item.status}`, { defaultValue: item.status })}
                        </Badge>
                      </Table.Td>
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
