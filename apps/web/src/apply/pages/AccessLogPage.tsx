import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n';
import { usePageTitle } from '../../ui/usePageTitle';
import { ApplyListPage } from '../components/ApplyListPage';
import { useAccessLog } from '../queries';

/** Who read my data, when, which fields and why (the access trail, as the applicant may see it). */
export function AccessLogPage() {
  const { t, i18n } = useTranslation('apply');
  usePageTitle(t('accessLog.title'));
  return (
    <ApplyListPage
      title={t('accessLog.title')}
      intro={<Text c="dimmed">{t('accessLog.intro')}</Text>}
      query={useAccessLog()}
      empty={t('accessLog.empty')}
      minWidth={480}
      rowKey={(entry) => entry.id}
      columns={[
        { header: t('accessLog.when'), cell: (entry) => formatDateTime(entry.occurredAt, i18n.language) },
        {
          header: t('accessLog.who'),
          cell: (entry) =>
            `${t(`roles.${entry.role}`, { defaultValue: entry.role })}${entry.department ? ` · ${entry.department}` : ''}`,
        },
        { header: t('accessLog.what'), cell: (entry) => entry.fields.join(', ') || entry.resource },
        {
          header: t('accessLog.why'),
          cell: (entry) => t(`purposes.${entry.purpose}`, { defaultValue: entry.purpose }),
        },
      ]}
    />
  );
}
