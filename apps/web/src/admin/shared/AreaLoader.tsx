import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** While a page's code loads: a spinner announced as a status (a bare span may not carry a label). */
export function AreaLoader() {
  const { t } = useTranslation('app');
  return (
    <Center py="xl">
      <Loader role="status" aria-label={t('loading')} />
    </Center>
  );
}
