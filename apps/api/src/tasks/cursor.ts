import { CursorCodec, cursorValue } from '@onething/http';
import type { WorklistSort } from '@onething/persistence';

/**
 * The worklist's cursors, one per sort (a cursor of one order is refused by the other): the last task's
 * sort key as the database holds it (`WORKLIST_ORDER`), so the next page is one index range scan.
 */
export const worklistCursors: Record<WorklistSort, CursorCodec> = {
  due: new CursorCodec('tasks-by-due', [
    cursorValue.integer,
    cursorValue.timestampOrInfinity,
    cursorValue.timestamp,
    cursorValue.uuid,
  ]),
  created: new CursorCodec('tasks-by-created', [cursorValue.timestamp, cursorValue.uuid]),
};

/** A task's comments, or a case's comments for its applicant: newest first by (created_at, id). */
export const commentCursor = new CursorCodec('task-comments', [cursorValue.timestamp, cursorValue.uuid]);
