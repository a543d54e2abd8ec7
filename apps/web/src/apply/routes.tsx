import type { RouteObject } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Placeholder } from '../ui/Placeholder';

function Home() {
  const { t } = useTranslation('apply');
  return <Placeholder title={t('title')} />;
}

/** Placeholder: the area's owner replaces this file. */
export const routes: RouteObject[] = [{ index: true, element: <Home /> }];
