import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime } from '../../i18n';
import type { LocalizedText, SignedResult } from '../types';

interface IssuedOutput {
  id: string;
  label: LocalizedText;
  value: string | number | boolean | Record<string, string | number>;
}
interface DepartmentDecision {
  stepId: string;
  title: LocalizedText;
  department: { code: string; name: LocalizedText };
  decision: string;
  reason?: string;
  compensated?: true;
  outputs?: IssuedOutput[];
}
interface ResultDocument {
  resultId: string;
  issuedAt: string;
  decision: string;
  oneThing: { title: LocalizedText };
  departments: DepartmentDecision[];
}

const outputText = (value: IssuedOutput['value']) =>
  typeof value === 'object' ? Object.values(value).join(' ') : String(value);

/** The one merged result: each department's decision and what it issued; download the PDF, or print. */
export function ResultPanel({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation('apply');
  const language = i18n.language as keyof LocalizedText;
  const result = useQuery({
    queryKey: ['result', caseId],
    queryFn: ({ signal }) => api<SignedResult>('GET', `/cases/${caseId}/result.json`, undefined, { signal }),
  });
  if (!result.data) return null;
  const document = result.data.document as unknown as ResultDocument;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="result-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3" id="result-title">
            {t('result.title')}
          </Title>
          <Badge
            size="lg"
            color={document.decision === 'approved' ? 'green' : 'orange'}
            variant="light"
            c="dark"
          >
            {t(`caseStatus.${document.decision}`, { defaultValue: document.decision })}
          </Badge>
        </Group>
        <Text size="sm">
          {t('result.issued', {
            date: formatDateTime(document.issuedAt, i18n.language),
            id: document.resultId,
          })}
        </Text>
        <Table.ScrollContainer minWidth={320}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('result.department')}</Table.Th>
                <Table.Th>{t('result.decision')}</Table.Th>
                <Table.Th>{t('result.outputs')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {document.departments.map((department) => (
                <Table.Tr key={department.stepId}>
                  <Table.Td>
                    {department.department.name[language]}
                    <Text size="xs" c="dimmed">
                      {department.title[language]}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {t(`phase.${department.decision}`, { defaultValue: department.decision })}
                    {department.reason ? ` — ${department.reason}` : ''}
                  </Table.Td>
                  <Table.Td>
                    {(department.outputs ?? []).map((output) => (
                      <Text key={output.id} size="sm">
                        {output.label[language]}: {outputText(output.value)}
                      </Text>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group className="no-print">
          <Button component="a" href={`/cases/${caseId}/result.pdf`} download variant="filled">
            {t('result.download')}
          </Button>
          <Button variant="default" onClick={() => window.print()}>
            {t('result.print')}
          </Button>
          <Anchor href={result.data.verification.url} target="_blank" rel="noreferrer">
            {t('result.verify')}
          </Anchor>
        </Group>
      </Stack>
    </Paper>
  );
}
