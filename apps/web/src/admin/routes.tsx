import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import { AreaLoader } from './shared/AreaLoader';
import { AdminLayout } from './shared/AdminNav';
import './admin.css';

// Each page is its own chunk: the editor (CodeMirror, React Flow, the form renderer) loads only when opened.
const DefinitionsPage = lazy(() => import('./definitions/DefinitionsPage'));
const EditorPage = lazy(() => import('./definitions/EditorPage'));
const VersionsPage = lazy(() => import('./definitions/VersionsPage'));
const DepartmentsPage = lazy(() => import('./people/DepartmentsPage'));
const CredentialsPage = lazy(() => import('./people/CredentialsPage'));
const UsersPage = lazy(() => import('./people/UsersPage'));
const ConnectorsPage = lazy(() => import('./connectors/ConnectorsPage'));
const CalendarPage = lazy(() => import('./calendar/CalendarPage'));

const page = (element: ReactNode) => <Suspense fallback={<AreaLoader />}>{element}</Suspense>;

export const routes: RouteObject[] = [
  {
    element: <AdminLayout />,
    children: [
      { index: true, element: page(<DefinitionsPage />) },
      { path: 'definitions', element: page(<DefinitionsPage />) },
      { path: 'definitions/new', element: page(<EditorPage />) },
      { path: 'definitions/:key', element: page(<VersionsPage />) },
      { path: 'definitions/:key/versions/:version', element: page(<EditorPage />) },
      { path: 'departments', element: page(<DepartmentsPage />) },
      { path: 'departments/:code/credentials', element: page(<CredentialsPage />) },
      { path: 'users', element: page(<UsersPage />) },
      { path: 'connectors', element: page(<ConnectorsPage />) },
      { path: 'calendar', element: page(<CalendarPage />) },
    ],
  },
];
