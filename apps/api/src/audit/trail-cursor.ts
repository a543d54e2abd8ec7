import { CursorCodec, cursorValue } from '@onething/http';

/**
 * The trail's cursors: the position of the page's last record (lists are newest first, so the next page
 * continues before it). The auditors' search and an applicant's access log are separate lists.
 */
export const auditTrailCursor = new CursorCodec('audit-trail', [cursorValue.bigint]);
export const accessLogCursor = new CursorCodec('access-log', [cursorValue.bigint]);
