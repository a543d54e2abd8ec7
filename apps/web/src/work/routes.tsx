import type { RouteObject } from 'react-router-dom';
import { RequireRole } from '../session/session';
import { BoardPage } from './BoardPage';
import { QueuePage } from './QueuePage';
import { TaskPage } from './TaskPage';

/** The department workbench, mounted at `/work` (the shell guards the area for department people). */
export const routes: RouteObject[] = [
  { index: true, element: <QueuePage /> },
  { path: 'tasks/:id', element: <TaskPage /> },
  {
    path: 'board',
    element: (
      <RequireRole roles={['department_supervisor']}>
        <BoardPage />
      </RequireRole>
    ),
  },
];
