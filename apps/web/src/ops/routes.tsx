import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { AreaLoader } from '../admin/shared/AreaLoader';
import '../admin/admin.css';

// The charts (recharts) load with this page only.
const OpsPage = lazy(() => import('./OpsPage'));

export const routes: RouteObject[] = [
  {
    index: true,
    element: (
      <Suspense fallback={<AreaLoader />}>
        <OpsPage />
      </Suspense>
    ),
  },
];
