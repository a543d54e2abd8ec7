import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** An API refusal in words: the known codes translated, the API's own title otherwise. */
export function ActionError({ error }: { error: unknown }) {
  const { t } = useTranslation('work');
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'NETWORK';
  const title = error instanceof ApiError ? error.title : error instanceof Error ? error.message : '';
  const detail = error instanceof ApiError ? error.details[0] : undefined;
  return (
    <Alert
      role="alert"
      variant="outline"
      color="red.9"
      title={t(`errors.${code}`, { defaultValue: t('errors.generic') })}
    >
      {detail ? `${detail.path}: ${detail.message}` : title}
    </Alert>
  );
}
