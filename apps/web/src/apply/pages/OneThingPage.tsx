import { Alert, Button, List, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { usePageTitle } from '../../ui/usePageTitle';
import { ApplyNav } from '../components/ApplyNav';
import { QueryState } from '../components/QueryState';
import { useCatalogEntry } from '../queries';
import type { CatalogDetail, LocalizedText } from '../types';

function commitmentDays(detail: CatalogDetail): number | undefined {
  const commitment = detail.commitment as { workingDays?: unknown } | null | undefined;
  return typeof commitment?.workingDays === 'number' ? commitment.workingDays : undefined;
}

/** One one-thing before applying: who takes part, the time promised, what to prepare, who may apply. */
export function OneThingPage() {
  const { key = '' } = useParams();
  const { t, i18n } = useTranslation('apply');
  const entry = useCatalogEntry(key);
  usePageTitle(entry.data?.title ?? t('detail.title'));
  const language = i18n.language as keyof LocalizedText;
  return (
    <Stack>
      <ApplyNav />
      <QueryState query={entry}>
        {(detail) => {
          const days = commitmentDays(detail);
          const materials = detail.form.fields.filter((field) => field.type === 'attachment');
          const rules = detail.form.eligibility ?? [];
          return (
            <Stack>
              <Title order={1}>{detail.title}</Title>
              <Text>{detail.description}</Text>
              {days !== undefined && <Alert color="blue">{t('detail.commitment', { days })}</Alert>}
              <Title order={2} size="h3">
                {t('detail.departments')}
              </Title>
              <Table.ScrollContainer minWidth={320}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('detail.department')}</Table.Th>
                      <Table.Th>{t('detail.does')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {detail.departments.map((department) => (
                      <Table.Tr key={department.code}>
                        <Table.Td>
                          {department.name}
                          {department.role === 'lead' ? ` (${t('detail.lead')})` : ''}
                        </Table.Td>
                        <Table.Td>{department.steps.join('、')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Title order={2} size="h3">
                {t('detail.prepare')}
              </Title>
              {materials.length === 0 ? (
                <Text>{t('detail.noMaterials')}</Text>
              ) : (
                <List>
                  {materials.map((field) => (
                    <List.Item key={field.id}>
                      {field.label[language]}
                      {field.required ? '' : ` (${t('detail.optional')})`}
                    </List.Item>
                  ))}
                </List>
              )}
              <Title order={2} size="h3">
                {t('detail.eligibility')}
              </Title>
              {rules.length === 0 ? (
                <Text>{t('detail.everyone')}</Text>
              ) : (
                <List>
                  {rules.map((rule) => (
                    <List.Item key={rule.id}>{rule.message[language]}</List.Item>
                  ))}
                </List>
              )}
              <Button
                component={Link}
                to={`/apply/catalog/${detail.key}/apply`}
                size="md"
                style={{ alignSelf: 'flex-start' }}
              >
                {t('detail.apply')}
              </Button>
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
