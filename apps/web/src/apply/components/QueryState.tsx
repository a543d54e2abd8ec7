import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { PageLoader } from '../../app/AreaRoutes';

/** The loading spinner or the error of a query, else its content. */
export function QueryState<T>(props: {
  query: { data: T | undefined; error: Error | null; isPending: boolean };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation('app');
  if (props.query.error)
    return (
      <Alert color="red" role="alert" title={t('error.title')}>
        {props.query.error instanceof ApiError && props.query.error.status === 404
          ? t('notFound.text')
          : t('error.generic')}
      </Alert>
    );
  if (props.query.isPending || props.query.data === undefined) return <PageLoader />;
  return <>{props.children(props.query.data)}</>;
}
