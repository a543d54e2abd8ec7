import { ApiError, ApiErrorCode } from '@onething/http';
import { commentCursor, worklistCursors } from './cursor';

const id = '3f0c3b8e-6a3e-4c5e-9d1a-2b7f7c1e9a10';
const dueKey = ['1', 'infinity', '2026-11-30 01:02:03.123456+00', id];

function refusal(decode: () => unknown): unknown {
  try {
    decode();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('task list cursors (the shared CursorCodec)', () => {
  it("round-trip the sort key a page ends on, microseconds and 'infinity' included", () => {
    const { due, created } = worklistCursors;
    expect(due.decode(due.encode(dueKey))).toEqual(dueKey);
    expect(created.decode(created.encode(dueKey.slice(2)))).toEqual(dueKey.slice(2));
    expect(due.decode(undefined)).toBeUndefined();
  });

  it.each([
    ['an empty cursor', ''],
    ['not base64url', 'not-base64!'],
    ['a key that is not a timestamp', worklistCursors.due.encode(['1', 'x', 'y', id])],
    ["the other sort's cursor", worklistCursors.created.encode(dueKey.slice(2))],
    ["the comments' cursor", commentCursor.encode(dueKey.slice(2))],
  ])('refuse %s with INVALID_CURSOR at cursor', (_, cursor) => {
    const refused = refusal(() => worklistCursors.due.decode(cursor));
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: ApiErrorCode.InvalidCursor, path: 'cursor' });
  });

  it('hand out a next cursor only when another page follows', () => {
    expect(commentCursor.page([{ id }], null).nextCursor).toBeNull();
    expect(commentCursor.decode(commentCursor.page([{ id }], dueKey.slice(2)).nextCursor!)).toEqual(
      dueKey.slice(2),
    );
  });
});
