import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import { PageLoader } from '../app/AreaRoutes';
import { AccessLogPage } from './pages/AccessLogPage';
import { CatalogPage } from './pages/CatalogPage';
import { MyCasesPage } from './pages/MyCasesPage';
import { OneThingPage } from './pages/OneThingPage';

// The form renderer (and its JSON Schema validator) is the heaviest part: only the pages that render a
// form load it, so the catalog — the portal's first load — stays small.
const ApplyPage = lazy(() => import('./pages/ApplyPage').then((module) => ({ default: module.ApplyPage })));
const CasePage = lazy(() => import('./pages/CasePage').then((module) => ({ default: module.CasePage })));
const suspended = (page: ReactNode) => <Suspense fallback={<PageLoader />}>{page}</Suspense>;

/** The applicant portal (and the counter clerk's), mounted at /apply. */
export const routes: RouteObject[] = [
  { index: true, element: <CatalogPage /> },
  { path: 'catalog/:key', element: <OneThingPage /> },
  { path: 'catalog/:key/apply', element: suspended(<ApplyPage />) },
  { path: 'cases', element: <MyCasesPage /> },
  { path: 'cases/:id', element: suspended(<CasePage />) },
  { path: 'access-log', element: <AccessLogPage /> },
];
