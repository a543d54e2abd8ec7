import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { startTestStack, TestStack } from '@onething/testing';

/**
 * The HTTP edge: what reaches the API before any route runs (content encodings, charsets, content types,
 * hostile JSON shapes) gets a 4xx problem-details answer with a code, never a 5xx, and writes no error
 * log line; every answer carries the security headers and is not cacheable.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
});
afterAll(async () => {
  await stack.close();
});

type Json = Record<string, unknown>;

async function send(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const response = await fetch(`${stack.baseUrl}${path}`, { method: 'POST', ...init });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as Json,
  };
}

/** A failed sign-in under a fresh name each time: sign-in throttling counts failures per name. */
const login = () =>
  JSON.stringify({ username: `edge-nobody-${randomUUID().slice(0, 8)}`, password: 'Whatever-Password-1' });
const errorLines = () =>
  stack.logs.filter((line) => (JSON.parse(line) as { level?: string }).level === 'error').length;

describe('request bodies the API cannot read', () => {
  it.each(['gzip', 'deflate', 'br', 'zstd', 'x-made-up', 'gzip, identity'])(
    'refuses Content-Encoding %s with 415 before authentication, compressed or not',
    async (encoding) => {
      for (const body of [login(), gzipSync(login())]) {
        const response = await send('/auth/login', {
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
          body,
        });
        expect(response.status).toBe(415);
        expect(response.body).toMatchObject({
          code: 'UNSUPPORTED_MEDIA_TYPE',
          status: 415,
          details: [{ code: 'UNSUPPORTED_CONTENT_ENCODING' }],
        });
      }
    },
  );

  it('reads Content-Encoding identity like no encoding', async () => {
    const response = await send('/auth/login', {
      headers: { 'content-type': 'application/json', 'content-encoding': 'identity' },
      body: login(),
    });
    expect(response.status).toBe(401);
  });

  it.each(['latin1', 'bogus', 'utf-16', 'utf-bogus', ''])('refuses charset=%s with 415', async (charset) => {
    const response = await send('/auth/login', {
      headers: { 'content-type': `application/json; charset=${charset}` },
      body: login(),
    });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ details: [{ code: 'UNSUPPORTED_CHARSET' }] });
  });

  it('reads charset=UTF-8 and application/*+json', async () => {
    for (const contentType of ['application/json; charset=UTF-8', 'application/merge-patch+json']) {
      const response = await send('/auth/login', { headers: { 'content-type': contentType }, body: login() });
      expect(response.status).toBe(401);
    }
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'not a type',
  ])('refuses a %s body on a JSON route with 415', async (contentType) => {
    const response = await send('/auth/login', { headers: { 'content-type': contentType }, body: login() });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ details: [{ code: 'UNSUPPORTED_CONTENT_TYPE' }] });
  });

  it('refuses a body without a content type, and lets a bodiless POST through to the route', async () => {
    // fetch labels a string body text/plain; a Blob without a type goes without a Content-Type.
    const untyped = await send('/auth/login', { body: new Blob([login()]) });
    expect(untyped.status).toBe(415);
    const bodiless = await send('/auth/logout', { headers: {} });
    expect(bodiless.status).toBe(400);
    expect(bodiless.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('answers broken JSON 400 and a body over 1 MB 413', async () => {
    const headers = { 'content-type': 'application/json' };
    expect((await send('/auth/login', { headers, body: '{"username": ' })).body).toMatchObject({
      status: 400,
      code: 'MALFORMED_JSON',
    });
    const huge = JSON.stringify({ username: 'x'.repeat(1_100_000), password: 'y' });
    expect((await send('/auth/login', { headers, body: huge })).body).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
  });
});

describe('bounded request fields', () => {
  const MEGABYTE_OF_BASE64 = 'A'.repeat(1_000_000);
  const json = (body: unknown, headers: Record<string, string> = {}) => ({
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

  it('refuses a megabyte string in a codec payload with 400 and its path, for encode and decode', async () => {
    const headers = await stack.headers('administrator');
    for (const path of ['/codec/encode', '/codec/decode']) {
      const answer = await send(path, json({ payloads: [{ data: MEGABYTE_OF_BASE64 }] }, headers));
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(answer.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'payloads.0.data' })]),
      );
    }
    const metadata = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'AAAA']));
    const crowded = await send('/codec/encode', json({ payloads: [{ metadata, data: 'AAAA' }] }, headers));
    expect(crowded.body).toMatchObject({ status: 400, details: [{ path: 'payloads.0.metadata' }] });
  });

  it('refuses a verification body over 128 KB with 413, and a long text in the document with 400 and its path', async () => {
    const signature = 'eyJhbGciOiJFZERTQSJ9..c2lnbmF0dXJl';
    const huge = await send('/verify', json({ document: { note: MEGABYTE_OF_BASE64 }, signature }));
    expect(huge.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const long = await send(
      '/verify',
      json({ document: { departments: [{ reason: 'x'.repeat(20_000) }] }, signature }),
    );
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((long.body.details as { path: string }[]).map((detail) => detail.path)).toContain(
      'document.departments.0.reason',
    );
  });
});

describe('hostile JSON shapes', () => {
  const headers = () => stack.headers('administrator');

  it('refuses a deeply nested body with 400 and keeps serving', async () => {
    const depth = 200_000;
    const body = `{"displayName":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const response = await send(`/admin/users/${stack.accounts.applicant.id}`, {
      method: 'PATCH',
      headers: await headers(),
      body,
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ code: 'NESTING_TOO_DEEP' }],
    });
    expect((await fetch(`${stack.baseUrl}/health`)).status).toBe(200);
  });

  it('refuses __proto__ keys, refuses constructor.prototype as an unknown field, and pollutes nothing', async () => {
    const proto = await send('/admin/departments', {
      headers: await headers(),
      body: '{"code":"proto-dept","nameZh":"原型","nameEn":"Proto","__proto__":{"isAdmin":true}}',
    });
    expect(proto.status).toBe(400);
    expect(proto.body).toMatchObject({ path: '__proto__', details: [{ code: 'FORBIDDEN_KEY' }] });
    const nested = await send('/cases', {
      headers: await stack.headers('applicant'),
      body: '{"definitionKey":"talent-introduction","application":{"a":{"__proto__":{"polluted":1}}}}',
    });
    expect(nested.body).toMatchObject({
      path: 'application.a.__proto__',
      details: [{ code: 'FORBIDDEN_KEY' }],
    });
    const constructor = await send('/admin/departments', {
      headers: await headers(),
      body: '{"code":"ctor-dept","nameZh":"构造","nameEn":"Ctor","constructor":{"prototype":{"polluted":1}}}',
    });
    expect(constructor.status).toBe(400);
    expect(constructor.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(({} as Json).polluted).toBeUndefined();
    expect(({} as Json).isAdmin).toBeUndefined();
    const stored = await stack.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM departments WHERE code IN ('proto-dept', 'ctor-dept')`,
    );
    expect(stored[0].n).toBe(0);
  });

  it('answers a NUL that would reach PostgreSQL with 400, not 500', async () => {
    const response = await send(`/admin/users/${stack.accounts.applicant.id}`, {
      method: 'PATCH',
      headers: await headers(),
      body: JSON.stringify({ displayName: 'Nul\u0000Name' }),
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('answers', () => {
  it('are RFC 9457 problem details, titled in zh-CN by default and in English on request', async () => {
    const chinese = await send('/no/such/route', { method: 'GET' });
    expect(chinese.status).toBe(404);
    expect(chinese.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(chinese.headers.get('content-language')).toBe('zh-CN');
    expect(chinese.headers.get('vary')).toMatch(/Accept-Language/i);
    expect(chinese.body).toEqual({
      type: 'https://onething.dev/problems/route-not-found',
      title: '没有这个接口',
      status: 404,
      detail: 'No such route',
      code: 'ROUTE_NOT_FOUND',
      message: 'No such route',
      path: '',
    });
    const english = await send('/no/such/route', {
      method: 'GET',
      headers: { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' },
    });
    expect(english.headers.get('content-language')).toBe('en');
    expect(english.body).toMatchObject({ title: 'No such route', code: 'ROUTE_NOT_FOUND' });
    const chineseVariant = await send('/me', {
      method: 'GET',
      headers: { 'accept-language': 'zh-TW, en;q=0.1' },
    });
    expect(chineseVariant.body).toMatchObject({ status: 401, title: '需要登录' });
  });

  it('answers a method a route does not have with 405 and the methods it has in Allow', async () => {
    const wrong = await send('/cases', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(wrong.body).toMatchObject({ code: 'METHOD_NOT_ALLOWED', status: 405 });
    expect((await send('/cases/not-a-route/at-all', { method: 'GET' })).status).toBe(404);
  });

  it('carry the security headers and no-store, on success and on error', async () => {
    const me = await fetch(`${stack.baseUrl}/me`, { headers: await stack.headers('applicant') });
    const refused = await fetch(`${stack.baseUrl}/me`);
    const health = await fetch(`${stack.baseUrl}/health`);
    for (const response of [me, refused, health]) {
      await response.arrayBuffer();
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    expect(me.status).toBe(200);
    expect(refused.status).toBe(401);
  });

  it('to a client’s mistakes write no error log line', async () => {
    const before = errorLines();
    const json = { 'content-type': 'application/json' };
    const statuses = await Promise.all([
      send('/auth/login', { headers: { ...json, 'content-encoding': 'gzip' }, body: login() }),
      send('/auth/login', { headers: { 'content-type': 'application/json; charset=latin1' }, body: login() }),
      send('/auth/login', { headers: json, body: '{' }),
      send('/auth/login', { headers: json, body: '{"__proto__":{}}' }),
      send('/auth/login', { headers: json, body: login() }),
      send('/no/such/route', { method: 'GET' }),
      send('/me', { method: 'GET' }),
    ]).then((responses) => responses.map((r) => r.status));
    expect(statuses).toEqual([415, 415, 400, 400, 401, 404, 401]);
    expect(errorLines()).toBe(before);
  });
});
