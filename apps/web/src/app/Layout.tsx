import {
  AppShell,
  Burger,
  Button,
  Group,
  NavLink,
  SegmentedControl,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../session/session';
import { LANGUAGES } from '../i18n';
import { navItemsFor } from './navigation';

function LanguageSwitch() {
  const { t, i18n } = useTranslation('app');
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      value={i18n.language}
      onChange={(language) => void i18n.changeLanguage(language)}
      data={LANGUAGES.map((language) => ({ value: language, label: t(`language.${language}`) }))}
    />
  );
}

function UserMenu() {
  const { t } = useTranslation('app');
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  if (!user) return null;
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" visibleFrom="sm" data-testid="signed-in-as">
        {user.login}
      </Text>
      <Button size="xs" variant="default" onClick={() => void signOut().then(() => navigate('/sign-in'))}>
        {t('signOut')}
      </Button>
    </Group>
  );
}

/** The frame of every page: a skip link, the header (product, language, user), navigation by role. */
export function Layout() {
  const { t } = useTranslation('app');
  const { user } = useSession();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const items = navItemsFor(user);
  const hasNav = items.length > 1;
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={hasNav ? { width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } } : undefined}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {hasNav && (
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('menu')} />
            )}
            <Text component={Link} to="/" fw={700} c="inherit" td="none">
              {t('product')}
            </Text>
            {!hasNav && items[0] && <VisuallyHidden>{t(items[0].label)}</VisuallyHidden>}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      {hasNav && (
        <AppShell.Navbar p="xs" component="nav" aria-label={t('navigation')}>
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={t(item.label)}
              active={location.pathname.startsWith(item.to)}
              onClick={close}
            />
          ))}
        </AppShell.Navbar>
      )}
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
