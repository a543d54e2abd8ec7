import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { formatDateTime } from '../i18n';
import { hasAnyRole, useSession } from '../session/session';
import { usePageTitle } from '../ui/usePageTitle';
import { messageOf } from '../admin/shared/errors';
import { CaseCounts } from './CaseCounts';
import { DepartmentTrends } from './DepartmentTrends';
import { FailedSteps } from './FailedSteps';
import { workflowLink, type OperationsOverview } from './types';
import { ScrollTable } from '../admin/shared/ScrollTable';

function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Card withBorder>
      <Text size="sm">{label}</Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

/** What operators watch: cases by status, overdue and failed steps, departments over time. */
export default function OpsPage() {
  const { t, i18n } = useTranslation('ops');
  const { user } = useSession();
  usePageTitle(t('title'));
  const overview = useQuery({
    queryKey: ['ops', 'overview'],
    queryFn: () => api<OperationsOverview>('GET', '/admin/operations/overview'),
    refetchInterval: 10_000,
    retry: false,
  });
  // Supervisors see their departments' failed steps; the figures across departments are not theirs.
  const figuresRefused = overview.error instanceof ApiError && overview.error.status === 403;
  const data = overview.data;
  const openCases =
    data?.cases.filter((row) => row.status === 'submitted' || row.status === 'in_progress') ?? [];
  const failedDepartments =
    data?.failedSteps.byDepartment.map((row) => row.department) ?? user?.departments ?? [];

  return (
    <Stack gap="xl">
      <Title order={1}>{t('title')}</Title>
      {overview.error && !figuresRefused && <Alert color="red">{messageOf(overview.error)}</Alert>}
      {figuresRefused && <Text c="gray.7">{t('figuresNotYours')}</Text>}
      {data && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Figure
              label={t('figures.open')}
              value={openCases.reduce((sum, row) => sum + row.count, 0)}
              testId="figure-open"
            />
            <Figure label={t('figures.breaches')} value={data.slaBreaches.total} testId="figure-breaches" />
            <Figure label={t('figures.failed')} value={data.failedSteps.total} testId="figure-failed" />
          </SimpleGrid>
          <Stack>
            <Title order={2} size="h3">
              {t('cases.title')}
            </Title>
            <CaseCounts cases={data.cases} />
          </Stack>
          <Stack>
            <Title order={2} size="h3">
              {t('breaches.title')}
            </Title>
            {data.slaBreaches.steps.length === 0 ? (
              <Text c="gray.7">{t('breaches.none')}</Text>
            ) : (
              <ScrollTable label={t('breaches.title')}>
                <Table striped data-testid="breaches">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('failed.case')}</Table.Th>
                      <Table.Th scope="col">{t('cases.oneThing')}</Table.Th>
                      <Table.Th scope="col">{t('failed.step')}</Table.Th>
                      <Table.Th scope="col">{t('failed.department')}</Table.Th>
                      <Table.Th scope="col">{t('breaches.due')}</Table.Th>
                      <Table.Th scope="col">{t('breaches.breachedAt')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.slaBreaches.steps.map((step) => {
                      const link = workflowLink(data.temporalWebUi, step.caseId);
                      return (
                        <Table.Tr key={`${step.caseId}-${step.stepId}`}>
                          <Table.Td>
                            {link ? (
                              <Anchor href={link} target="_blank" rel="noreferrer">
                                {step.caseId.slice(0, 8)}
                              </Anchor>
                            ) : (
                              <code>{step.caseId.slice(0, 8)}</code>
                            )}
                          </Table.Td>
                          <Table.Td>{step.definitionKey}</Table.Td>
                          <Table.Td>{step.stepId}</Table.Td>
                          <Table.Td>{step.department}</Table.Td>
                          <Table.Td>{step.dueDate ?? '—'}</Table.Td>
                          <Table.Td>{formatDateTime(step.breachedAt, i18n.language)}</Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </ScrollTable>
            )}
          </Stack>
        </>
      )}
      <FailedSteps
        departments={failedDepartments}
        webUi={data?.temporalWebUi ?? null}
        canRetry={hasAnyRole(user, ['administrator', 'department_supervisor'])}
      />
      {!figuresRefused && <DepartmentTrends />}
      {data && !data.temporalWebUi && (
        <Group>
          <Text size="sm" c="gray.7">
            {t('noWebUi')}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
