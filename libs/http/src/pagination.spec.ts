import { ApiError, ApiErrorCode } from './api-error';
import { CursorCodec, cursorValue, pageQuerySchema } from './pagination';

const cases = new CursorCodec('cases', [cursorValue.timestamp, cursorValue.uuid]);
const tasks = new CursorCodec('tasks', [cursorValue.text]);
const key = ['2026-11-29 23:02:42.123456+00', '0b7f3c2e-8a7e-4b0c-9a52-3f1f7a6b2d11'];

function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('not refused');
}

describe('CursorCodec', () => {
  it('gives back the sort key it encoded, and nothing for the first page', () => {
    const cursor = cases.encode(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cases.decode(cursor)).toEqual(key);
    expect(cases.decode(undefined)).toBeUndefined();
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['not JSON', Buffer.from('{{').toString('base64url')],
    ["another list's cursor", tasks.encode(['x'])],
    ['a key of the wrong shape', cases.encode(['yesterday', 'not-a-uuid'])],
    ['a key too short', cases.encode([key[0]])],
    ['a cursor too long', 'a'.repeat(513)],
    ['an empty cursor', ''],
  ])('refuses %s with INVALID_CURSOR at path cursor', (_, cursor) => {
    const error = refusal(() => cases.decode(cursor));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: ApiErrorCode.InvalidCursor, path: 'cursor' });
  });

  it('answers a page with the next cursor only when more follow, and the total only when given', () => {
    expect(cases.page([1], key, 3)).toEqual({ items: [1], nextCursor: cases.encode(key), total: 3 });
    expect(cases.page([1], null)).toEqual({ items: [1], nextCursor: null });
  });
});

describe('pageQuerySchema', () => {
  it('defaults limit to 50 and bounds it to 1..100', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 50 });
    expect(pageQuerySchema.parse({ limit: '100', cursor: 'abc' })).toEqual({ limit: 100, cursor: 'abc' });
    for (const limit of ['0', '101', '1e1', '-1'])
      expect(pageQuerySchema.safeParse({ limit }).success).toBe(false);
  });
});
