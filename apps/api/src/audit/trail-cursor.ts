import { ApiError, ApiErrorCode } from '@onething/http';

/**
 * The trail's keyset cursor: the position to continue before (lists are newest first), opaque to clients
 * (base64url). Kept small so the shared pagination helper can replace it.
 */
export function encodeTrailCursor(position: number): string {
  return Buffer.from(`p${position}`, 'utf8').toString('base64url');
}

export function decodeTrailCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^p([1-9][0-9]{0,15})$/.exec(text);
  if (!match) {
    const message = 'cursor: not a cursor this list gave';
    throw new ApiError(ApiErrorCode.InvalidCursor, message, 'cursor', [
      { code: ApiErrorCode.InvalidCursor, message, path: 'cursor' },
    ]);
  }
  return Number(match[1]);
}

/** The next page's cursor: the last row's position, when the page was full. */
export function nextTrailCursor(rows: readonly { seq: number }[], limit: number): string | null {
  return rows.length === limit ? encodeTrailCursor(rows[rows.length - 1].seq) : null;
}
