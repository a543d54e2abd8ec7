import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A refusal that names no field of the form. */
export function FormError({ message }: { message: string | undefined }) {
  const { t } = useTranslation('admin');
  if (!message) return null;
  return (
    <Alert color="red" role="alert" title={t('form.refused')}>
      {message}
    </Alert>
  );
}
