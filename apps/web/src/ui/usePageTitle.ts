import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Every page names itself in the window title (WCAG 2.4.2), after the product's name. */
export function usePageTitle(title: string | undefined): void {
  const { t } = useTranslation('app');
  useEffect(() => {
    document.title = title ? `${title} · ${t('product')}` : t('product');
  }, [title, t]);
}
