import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TaskStatus } from './api';

export function StatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useTranslation('work');
  return (
    <Badge component="span" variant="outline" color="dark">
      {t(`status.${status}`)}
    </Badge>
  );
}
