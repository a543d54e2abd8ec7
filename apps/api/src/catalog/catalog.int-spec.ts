import { httpCall, startTestStack, TestStack } from '@onething/testing';

type Json = Record<string, any>;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
}, 180_000);

afterAll(() => stack?.close());

async function get(
  path: string,
  headers: Record<string, string> = {},
  role: 'applicant' | 'counter_clerk' = 'applicant',
) {
  return httpCall<Json>(stack.baseUrl, 'GET', path, {
    headers: { ...(await stack.headers(role)), ...headers },
  });
}

describe('the applicants catalog', () => {
  it('lists the one-things in force in Chinese by default and in English when asked', async () => {
    const chinese = await get('/catalog');
    expect(chinese.status).toBe(200);
    expect(chinese.headers.get('vary')).toMatch(/Accept-Language/);
    expect(chinese.headers.get('content-language')).toBe('zh-CN');
    const entry = chinese.body.items.find((e: Json) => e.key === 'talent-introduction');
    expect(entry).toMatchObject({
      version: expect.any(Number),
      language: 'zh-CN',
      title: expect.stringMatching(/[\u4e00-\u9fff]/),
    });
    // The lead department first, with its name and the steps it performs.
    expect(entry.departments[0]).toMatchObject({ role: 'lead', steps: expect.any(Array) });
    expect(entry.departments.slice(1).every((d: Json) => d.role === 'cooperating')).toBe(true);
    expect(entry.departments.every((d: Json) => d.steps.length > 0 || d.role === 'lead')).toBe(true);

    const english = await get('/catalog', { 'accept-language': 'en-GB,en;q=0.9' });
    const englishEntry = english.body.items.find((e: Json) => e.key === 'talent-introduction');
    expect(englishEntry.language).toBe('en');
    expect(englishEntry.title).not.toBe(entry.title);
    expect(englishEntry.departments.map((d: Json) => d.code)).toEqual(
      entry.departments.map((d: Json) => d.code),
    );
    expect(english.headers.get('etag')).not.toBe(chinese.headers.get('etag'));
  });

  it('answers 304 to If-None-Match with the current ETag, per language', async () => {
    const first = await get('/catalog/talent-introduction');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const again = await get('/catalog/talent-introduction', { 'if-none-match': etag });
    expect([again.status, again.headers.get('etag')]).toEqual([304, etag]);
    expect(again.body).toBeUndefined();
    const otherLanguage = await get('/catalog/talent-introduction', {
      'if-none-match': etag,
      'accept-language': 'en',
    });
    expect(otherLanguage.status).toBe(200);
  });

  it('shows one one-thing with its one form, the same form the form route answers', async () => {
    const detail = await get('/catalog/talent-introduction', {}, 'counter_clerk');
    expect(detail.status).toBe(200);
    expect(detail.body.form.schema).toMatchObject({ type: 'object' });
    expect(detail.body.form.fields.length).toBeGreaterThan(0);
    const form = await get('/catalog/talent-introduction/form', {}, 'counter_clerk');
    expect(form.body).toEqual(detail.body.form);
    expect(await get('/catalog/no-such-thing')).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', path: 'key' },
    });
  });

  it('pages by key with the shared cursor', async () => {
    const all = await get('/catalog?limit=100');
    const walked: string[] = [];
    for (let cursor: string | null = ''; cursor !== null;) {
      const page = await get(`/catalog?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...page.body.items.map((e: Json) => e.key));
      cursor = page.body.nextCursor as string | null;
    }
    expect(walked).toEqual(all.body.items.map((e: Json) => e.key));
    expect(walked.length).toBe(all.body.total);
    expect(await get('/catalog?cursor=Zm9v')).toMatchObject({
      status: 400,
      body: { code: 'INVALID_CURSOR', path: 'cursor' },
    });
  });
});
