import { Anchor, Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../i18n';
import { usePageTitle } from '../../ui/usePageTitle';
import { ApplyListPage } from '../components/ApplyListPage';
import { useCatalog, useMyCases } from '../queries';

export function MyCasesPage() {
  const { t, i18n } = useTranslation('apply');
  usePageTitle(t('cases.title'));
  const catalog = useCatalog();
  const titles = new Map((catalog.data?.items ?? []).map((entry) => [entry.key, entry.title]));
  return (
    <ApplyListPage
      title={t('cases.title')}
      query={useMyCases()}
      empty={t('cases.empty')}
      minWidth={320}
      rowKey={(item) => item.id}
      columns={[
        {
          header: t('cases.oneThing'),
          cell: (item) => (
            <Anchor component={Link} to={`/apply/cases/${item.id}`}>
              {titles.get(item.definition.key) ?? item.definition.key}
            </Anchor>
          ),
        },
        { header: t('cases.submitted'), cell: (item) => formatDateTime(item.submittedAt, i18n.language) },
        {
          header: t('cases.status'),
          cell: (item) => (
            <Badge variant="light" c="dark">
              {t(`caseStatus.${item.status}`, { defaultValue: item.status })}
            </Badge>
          ),
        },
      ]}
    />
  );
}
