import { acceptOrCreateRequestId, currentRequestId, runWithRequestId } from './request-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('keeps an incoming id shaped like a UUID, a ULID or a proxy token', () => {
    for (const id of ['0b7c5a9e-2f0e-4c55-9a47-1d9f2c7d6e01', '01JDXK5Z8Q3M4N6P7R8S9T0V1W', 'req:edge-7.abc'])
      expect(acceptOrCreateRequestId(id)).toBe(id);
  });

  it('replaces an id that is missing, spaced, too long or shaped like personal data', () => {
    for (const id of [
      undefined,
      '',
      'a b c d e f g',
      'x'.repeat(129),
      '13800138000',
      '11010519491231002X',
      '<script>',
    ])
      expect(acceptOrCreateRequestId(id)).toMatch(UUID);
  });

  it('takes the first of repeated headers', () => {
    expect(acceptOrCreateRequestId(['first-id-abc', 'second-id-abc'])).toBe('first-id-abc');
  });

  it('is the current request id inside the work it was set for, and nowhere else', async () => {
    expect(currentRequestId()).toBeUndefined();
    const seen = await runWithRequestId('req-abcdefgh', async () => {
      await new Promise((r) => setImmediate(r));
      return currentRequestId();
    });
    expect(seen).toBe('req-abcdefgh');
    expect(currentRequestId()).toBeUndefined();
  });
});
