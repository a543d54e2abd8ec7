import { z } from 'zod';
import { ApiError, ApiErrorCode } from '@onething/http';

/*
 * A keyset cursor names the last item of the page it came from; the repository compares the next
 * page's rows with that item's sort key as the database holds it (microseconds included, which a
 * JavaScript Date would lose). Opaque to clients: base64url JSON, versioned.
 */
const cursorSchema = z.strictObject({ v: z.literal(1), after: z.uuid() });

export function encodeCursor(afterId: string): string {
  return Buffer.from(JSON.stringify({ v: 1, after: afterId })).toString('base64url');
}

/** The item a page starts after; a cursor this API did not hand out is refused (400 INVALID_CURSOR). */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const read = cursorSchema.safeParse(parsed);
  if (!read.success || encodeCursor(read.data.after) !== cursor) {
    throw new ApiError(ApiErrorCode.InvalidCursor, 'The cursor is not one this list handed out', 'cursor');
  }
  return read.data.after;
}

/** `nextCursor`: the last item's, when the page is full (there may be more). */
export function nextCursor(items: readonly { id: string }[], limit: number): string | null {
  return items.length === limit ? encodeCursor(items[items.length - 1].id) : null;
}
