import { createBrowserRouter, Navigate } from 'react-router-dom';
import { AreaRoutes } from './AreaRoutes';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { SignInPage } from './SignInPage';
import { useSession } from '../session/session';
import { homeOf } from './navigation';

function HomeRedirect() {
  const { user, loading } = useSession();
  if (loading) return null;
  return <Navigate to={user ? homeOf(user) : '/sign-in'} replace />;
}

/** The four areas load on demand: an applicant never downloads the console or the charts. */
export const router = createBrowserRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'sign-in', element: <SignInPage /> },
      {
        path: 'apply/*',
        element: (
          <AreaRoutes
            area="apply"
            roles={['applicant', 'counter_clerk']}
            load={() => import('../apply/routes')}
          />
        ),
      },
      {
        path: 'work/*',
        element: (
          <AreaRoutes
            area="work"
            roles={['department_worker', 'department_supervisor']}
            load={() => import('../work/routes')}
          />
        ),
      },
      {
        path: 'admin/*',
        element: <AreaRoutes area="admin" roles={['administrator']} load={() => import('../admin/routes')} />,
      },
      {
        path: 'ops/*',
        element: (
          <AreaRoutes
            area="ops"
            roles={['administrator', 'auditor', 'department_supervisor']}
            load={() => import('../ops/routes')}
          />
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
