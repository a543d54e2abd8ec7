import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router-dom';

const SECTIONS = ['definitions', 'departments', 'users', 'connectors', 'calendar'] as const;

/** The console's sections, one link each; the current one is marked for assistive technology. */
export function AdminLayout() {
  const { t } = useTranslation('admin');
  return (
    <>
      <Group component="nav" aria-label={t('nav.label')} gap="md" mb="md" wrap="wrap">
        {SECTIONS.map((section) => (
          <Anchor key={section} component={NavLink} to={`/admin/${section}`} className="admin-nav-link">
            {t(`nav.${section}`)}
          </Anchor>
        ))}
      </Group>
      <Outlet />
    </>
  );
}
