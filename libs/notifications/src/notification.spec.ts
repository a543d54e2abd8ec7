import { NotificationInputError, parseNotifyInput } from './notification';

const valid = {
  dedupeKey: 'case-result:5b0e8a52-3f67-4c1b-9a31-0f3f7c1d2e4a',
  recipientAccountIds: ['5B0E8A52-3F67-4C1B-9A31-0F3F7C1D2E4A', '5b0e8a52-3f67-4c1b-9a31-0f3f7c1d2e4a'],
  kind: 'case-result' as const,
  title: { 'zh-CN': '办理结果', en: 'Result' },
  body: { 'zh-CN': '已办结', en: 'Decided' },
};

describe('parseNotifyInput', () => {
  it('counts a recipient named twice (in any letter case) once and defaults data to empty', () => {
    expect(parseNotifyInput(valid)).toMatchObject({
      recipientAccountIds: ['5b0e8a52-3f67-4c1b-9a31-0f3f7c1d2e4a'],
      data: {},
    });
  });

  it('accepts no recipients at all', () => {
    expect(parseNotifyInput({ ...valid, recipientAccountIds: [] }).recipientAccountIds).toEqual([]);
  });

  it.each([
    ['an unknown kind', { kind: 'birthday' }, 'kind'],
    ['a title without English', { title: { 'zh-CN': '结果' } }, 'title.en'],
    ['an empty dedupe key', { dedupeKey: '' }, 'dedupeKey'],
    ['a recipient that is not an id', { recipientAccountIds: ['alice'] }, 'recipientAccountIds.0'],
    ['data that is not text', { data: { attempts: 3 } }, 'data.attempts'],
    ['an unknown field', { urgent: true }, 'urgent'],
  ])('refuses %s, naming the field', (_name, change, path) => {
    let error: unknown;
    try {
      parseNotifyInput({ ...valid, ...change });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(NotificationInputError);
    expect(error).toMatchObject({ path, message: expect.stringContaining(`${path}:`) });
  });
});
