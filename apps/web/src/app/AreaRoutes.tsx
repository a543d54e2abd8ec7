import { Center, Loader, VisuallyHidden } from '@mantine/core';
import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoutes, type RouteObject } from 'react-router-dom';
import { RequireRole, type Role } from '../session/session';

export interface AreaModule {
  routes: RouteObject[];
}

export function PageLoader() {
  const { t } = useTranslation('app');
  return (
    // A status region announces the wait; a label on the spinner's bare element would be ignored (axe).
    <Center py="xl" role="status" aria-live="polite">
      <Loader aria-hidden />
      <VisuallyHidden>{t('loading')}</VisuallyHidden>
    </Center>
  );
}

function routesComponent(load: () => Promise<AreaModule>): ComponentType {
  return lazy(async () => {
    const { routes } = await load();
    const Routes = () => useRoutes(routes);
    return { default: Routes };
  });
}

/** One lazy component per area, made once: a new one each render would remount the area. */
const loaded = new Map<string, ComponentType>();

/** One area (`/apply`, `/work`, ...): its role guard, then its own routes, fetched on first visit. */
export function AreaRoutes(props: { area: string; roles: readonly Role[]; load: () => Promise<AreaModule> }) {
  let Routes = loaded.get(props.area);
  if (!Routes) loaded.set(props.area, (Routes = routesComponent(props.load)));
  return (
    <RequireRole roles={props.roles}>
      <Suspense fallback={<PageLoader />}>
        <Routes />
      </Suspense>
    </RequireRole>
  );
}
