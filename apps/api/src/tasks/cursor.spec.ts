import { ApiError, ApiErrorCode } from '@onething/http';
import { decodeCursor, encodeCursor, nextCursor } from './cursor';

const id = '3f0c3b8e-6a3e-4c5e-9d1a-2b7f7c1e9a10';

describe('keyset cursors', () => {
  it('round-trips the id a page ends on', () => {
    expect(decodeCursor(encodeCursor(id))).toBe(id);
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each([
    '',
    'not-base64!',
    Buffer.from('{"v":1,"after":"x"}').toString('base64url'),
    `${encodeCursor(id)}A`,
  ])('refuses %j with INVALID_CURSOR at cursor', (cursor) => {
    const refused = (() => {
      try {
        decodeCursor(cursor);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: ApiErrorCode.InvalidCursor, path: 'cursor' });
  });

  it('hands out a next cursor only for a full page', () => {
    expect(nextCursor([{ id }], 1)).toBe(encodeCursor(id));
    expect(nextCursor([{ id }], 2)).toBeNull();
  });
});
