import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';

/** The portal's own sections, as links (the header's navigation lists areas, not these). */
export function ApplyNav() {
  const { t } = useTranslation('apply');
  const links = [
    { to: '/apply', label: t('nav.catalog'), end: true },
    { to: '/apply/cases', label: t('nav.cases'), end: false },
    { to: '/apply/access-log', label: t('nav.accessLog'), end: false },
  ];
  return (
    <Group component="nav" aria-label={t('nav.label')} gap="md" className="no-print">
      {links.map((link) => (
        <Anchor key={link.to} component={NavLink} to={link.to} end={link.end} fw={500}>
          {link.label}
        </Anchor>
      ))}
    </Group>
  );
}
