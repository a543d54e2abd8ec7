import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { formatDate, formatDateTime } from '../../i18n';
import { usePageTitle } from '../../ui/usePageTitle';
import { ApplyNav } from '../components/ApplyNav';
import { NoticePanel } from '../components/NoticePanel';
import { QueryState } from '../components/QueryState';
import { ResultPanel } from '../components/ResultPanel';
import { StepTimeline } from '../components/StepTimeline';
import { WithdrawButton } from '../components/WithdrawButton';
import { useCase, useCatalogEntry } from '../queries';
import { OPEN_CASE_STATUSES, type CaseView } from '../types';

function CaseDetail({ view }: { view: CaseView }) {
  const { t, i18n } = useTranslation('apply');
  const entry = useCatalogEntry(view.definition.key);
  const names = new Map(
    (entry.data?.departments ?? []).map((department) => [department.code, department.name]),
  );
  const departmentName = (code: string) => names.get(code) ?? code;
  const open = OPEN_CASE_STATUSES.includes(view.status);
  usePageTitle(entry.data?.title ?? t('case.title'));
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{entry.data?.title ?? t('case.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('case.submitted', { date: formatDateTime(view.submittedAt, i18n.language) })}
          </Text>
        </Stack>
        <Badge size="lg" variant="light" c="dark" data-testid="case-status" aria-live="polite">
          {t(`caseStatus.${view.status}`, { defaultValue: view.status })}
        </Badge>
      </Group>
      {view.commitment && (
        <Text>
          {t('case.commitment', { date: formatDate(view.commitment.dueAt, i18n.language) })}{' '}
          {view.commitment.state === 'breached' && (
            <Badge color="red" variant="light" c="dark">
              {t('case.breached')}
            </Badge>
          )}
        </Text>
      )}
      {(view.openNotices?.length ?? 0) > 0 && (
        <NoticePanel
          caseId={view.id}
          definitionKey={view.definition.key}
          openNotices={view.openNotices?.length ?? 0}
          departmentName={departmentName}
        />
      )}
      {view.result && <ResultPanel caseId={view.id} />}
      <Title order={2} size="h3">
        {t('case.progress')}
      </Title>
      <StepTimeline steps={view.steps} departmentName={departmentName} />
      {open && <WithdrawButton caseId={view.id} />}
    </Stack>
  );
}

/** One case, followed live: the page asks the API again every few seconds while the case is open. */
export function CasePage() {
  const { id = '' } = useParams();
  const view = useCase(id);
  return (
    <Stack>
      <ApplyNav />
      <QueryState query={view}>{(data) => <CaseDetail view={data} />}</QueryState>
    </Stack>
  );
}
