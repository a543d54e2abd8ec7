import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from './usePageTitle';

/** A stand-in page for an area whose screens are not built yet. */
export function Placeholder({ title }: { title: string }) {
  const { t } = useTranslation('app');
  usePageTitle(title);
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      <Text>{t('placeholder.text')}</Text>
    </Stack>
  );
}
