import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  NativeSelect,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../shell';
import { formatDateTime } from '../shell';
import { usePageTitle } from '../shell';
import { messageOf } from '../shared/errors';
import type { DefinitionDiff, Page, VersionSummary } from '../shared/types';
import { ScrollTable } from '../shared/ScrollTable';

/** A one-thing's versions, newest first, and what changed between any two valid ones. */
export default function VersionsPage() {
  const { key } = useParams();
  const { t, i18n } = useTranslation('admin');
  usePageTitle(t('versions.title', { key }));
  const versions = useQuery({
    queryKey: ['admin', 'definitions', 'versions', key],
    queryFn: () =>
      api<Page<VersionSummary>>('GET', '/definitions/versions', undefined, { query: { key, limit: 100 } }),
  });
  const valid = versions.data?.items.filter((row) => row.valid) ?? [];
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('');
  const pair = {
    from: from || String(valid[1]?.version ?? valid[0]?.version ?? ''),
    to: to || String(valid[0]?.version ?? ''),
  };
  const [asked, setAsked] = useState<{ from: string; to: string } | undefined>(undefined);
  const diff = useQuery({
    queryKey: ['admin', 'definitions', 'diff', key, asked],
    queryFn: () => api<DefinitionDiff>('GET', `/definitions/${key}/diff`, undefined, { query: asked }),
    enabled: asked !== undefined,
  });
  const options = valid.map((row) => ({
    value: String(row.version),
    label: t('definitions.versionN', { version: row.version }),
  }));

  return (
    <Stack>
      <Title order={1}>{t('versions.title', { key })}</Title>
      {versions.error && <Alert color="red">{messageOf(versions.error)}</Alert>}
      <ScrollTable label={t('versions.title', { key })}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('versions.version')}</Table.Th>
              <Table.Th scope="col">{t('versions.status')}</Table.Th>
              <Table.Th scope="col">{t('versions.valid')}</Table.Th>
              <Table.Th scope="col">{t('versions.updated')}</Table.Th>
              <Table.Th scope="col">{t('versions.published')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.data?.items.map((row) => (
              <Table.Tr key={row.version}>
                <Table.Td>
                  <Anchor component={Link} to={`/admin/definitions/${key}/versions/${row.version}`}>
                    {t('definitions.versionN', { version: row.version })}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge
                    autoContrast
                    color={
                      row.status === 'published' ? 'teal.9' : row.status === 'draft' ? 'yellow.4' : 'gray.7'
                    }
                  >
                    {t(`status.${row.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{row.valid ? t('versions.yes') : t('versions.no')}</Table.Td>
                <Table.Td>{formatDateTime(row.updatedAt, i18n.language)}</Table.Td>
                <Table.Td>{row.publishedAt ? formatDateTime(row.publishedAt, i18n.language) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Title order={2} size="h3">
        {t('diff.title')}
      </Title>
      <Group align="flex-end">
        <NativeSelect
          label={t('diff.from')}
          data={options}
          value={pair.from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <NativeSelect
          label={t('diff.to')}
          data={options}
          value={pair.to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
        <Button onClick={() => setAsked(pair)} disabled={!pair.from || !pair.to}>
          {t('diff.compare')}
        </Button>
      </Group>
      {diff.error && <Alert color="red">{messageOf(diff.error)}</Alert>}
      {diff.data && <DiffView diff={diff.data} />}
    </Stack>
  );
}

function DiffView({ diff }: { diff: DefinitionDiff }) {
  const { t } = useTranslation('admin');
  if (diff.identical) return <Text>{t('diff.identical')}</Text>;
  const lines: string[] = [
    ...diff.stepsAdded.map((id) => t('diff.stepAdded', { id })),
    ...diff.stepsRemoved.map((id) => t('diff.stepRemoved', { id })),
    ...diff.fieldsAdded.map((id) => t('diff.fieldAdded', { id })),
    ...diff.fieldsRemoved.map((id) => t('diff.fieldRemoved', { id })),
    ...diff.fieldsChanged.map((id) => t('diff.fieldChanged', { id })),
    ...diff.contractsWidened.map((c) => t('diff.widened', { ...c, fields: c.fields.join(', ') })),
    ...diff.contractsNarrowed.map((c) => t('diff.narrowed', { ...c, fields: c.fields.join(', ') })),
    ...diff.slaChanged.map((c) => t('diff.sla', c)),
    ...diff.conditionsChanged.map((c) =>
      t('diff.condition', { stepId: c.stepId, from: c.from ?? '—', to: c.to ?? '—' }),
    ),
    ...diff.dependenciesChanged.map((c) =>
      t('diff.dependencies', {
        stepId: c.stepId,
        from: c.from.join(', ') || '—',
        to: c.to.join(', ') || '—',
      }),
    ),
    ...diff.otherStepChanges.map((c) =>
      t('diff.other', { stepId: c.stepId, properties: c.properties.join(', ') }),
    ),
    ...(diff.outcomeChanged ? [t('diff.outcome')] : []),
  ];
  return (
    <List data-testid="diff" spacing={4}>
      {lines.map((line) => (
        <List.Item key={line}>{line}</List.Item>
      ))}
    </List>
  );
}
