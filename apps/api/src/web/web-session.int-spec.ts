import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { httpCall, startTestStack, TEST_PASSWORD, type TestStack } from '@onething/testing';
import { APPLICANT_FIRST_LOAD_BUDGET, applicantFirstLoad } from '../../../../tools/web-build';

/**
 * The browser's side of the API: sign-in into HttpOnly SameSite=Strict cookies, the CSRF token every
 * cookie-authenticated unsafe request must echo, sign-out, the content security policy, and the web app
 * served at `/` (its assets cached for a year, its pages falling back to index.html) without shadowing
 * the API. The global setup builds apps/web when it is missing or stale.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
});
afterAll(async () => {
  await stack.close();
});

/** The cookies a response sets, by name, with their attributes as written. */
function setCookies(headers: Headers): Record<string, string> {
  return Object.fromEntries(headers.getSetCookie().map((line) => [line.split('=')[0], line]));
}
const valueOf = (line: string) => line.split(';')[0].slice(line.indexOf('=') + 1);

interface BrowserSession {
  cookie: string;
  csrf: string;
}
async function signInWithCookies(
  role: 'applicant' | 'administrator' = 'applicant',
): Promise<BrowserSession & { set: Record<string, string>; body: any }> {
  const { status, headers, body } = await httpCall(stack.baseUrl, 'POST', '/auth/session', {
    body: { username: stack.accounts[role].username, password: TEST_PASSWORD },
  });
  expect(status).toBe(200);
  const set = setCookies(headers);
  const cookie = ['onething_session', 'onething_refresh', 'onething_csrf']
    .map((name) => `${name}=${valueOf(set[name])}`)
    .join('; ');
  return { set, cookie, csrf: valueOf(set.onething_csrf), body };
}

describe('cookie session', () => {
  it('signs in into HttpOnly, SameSite=Strict cookies that scripts cannot read, and answers who signed in', async () => {
    const { set, body, cookie } = await signInWithCookies();
    expect(body).toMatchObject({ username: stack.accounts.applicant.username, roles: ['applicant'] });
    expect(body).not.toHaveProperty('accessToken');
    expect(set.onething_session).toMatch(/HttpOnly/);
    expect(set.onething_session).toMatch(/SameSite=Strict/);
    expect(set.onething_refresh).toMatch(/HttpOnly/);
    expect(set.onething_refresh).toMatch(/Path=\/auth\/session/);
    // The CSRF token is meant to be read by the page; over plain http (the test) nothing is Secure.
    expect(set.onething_csrf).not.toMatch(/HttpOnly/);
    expect(set.onething_session).not.toMatch(/Secure/);
    const me = await httpCall(stack.baseUrl, 'GET', '/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(stack.accounts.applicant.id);
  });

  it('marks the cookies Secure when the request came over HTTPS (a proxy says so)', async () => {
    stack.api.getHttpAdapter().getInstance().set('trust proxy', 'loopback');
    try {
      const { headers } = await httpCall(stack.baseUrl, 'POST', '/auth/session', {
        body: { username: stack.accounts.applicant.username, password: TEST_PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      for (const line of Object.values(setCookies(headers))) expect(line).toMatch(/; Secure/);
    } finally {
      stack.api.getHttpAdapter().getInstance().set('trust proxy', false);
    }
  });

  it('refuses a cross-site POST that carries the cookie but not the CSRF token with 403 CSRF_REFUSED', async () => {
    const { cookie, csrf } = await signInWithCookies();
    const body = { currentPassword: TEST_PASSWORD, newPassword: 'x' };
    const forged = await httpCall(stack.baseUrl, 'POST', '/me/password', {
      body,
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('CSRF_REFUSED');
    const wrong = await httpCall(stack.baseUrl, 'POST', '/me/password', {
      body,
      headers: { cookie, 'x-csrf-token': `${csrf}x` },
    });
    expect(wrong.body.code).toBe('CSRF_REFUSED');
    // With the token the request gets through to the route (whose validation then refuses the password).
    const genuine = await httpCall(stack.baseUrl, 'POST', '/me/password', {
      body,
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(genuine.status).toBe(400);
    expect(genuine.body.code).toBe('VALIDATION_FAILED');
  });

  it('lets the Temporal Web UI decode with the session cookie and no CSRF token (the codec changes nothing)', async () => {
    const { cookie } = await signInWithCookies('administrator');
    const decoded = await httpCall(stack.baseUrl, 'POST', '/codec/decode', {
      body: { payloads: [] },
      headers: { cookie, 'x-namespace': 'default' },
    });
    expect(decoded.status).toBe(200);
    expect(decoded.body).toEqual({ payloads: [] });
    // The same cookie without a token still cannot change anything elsewhere.
    const forged = await httpCall(stack.baseUrl, 'POST', '/me/password', {
      body: { currentPassword: TEST_PASSWORD, newPassword: 'x' },
      headers: { cookie },
    });
    expect(forged.body.code).toBe('CSRF_REFUSED');
  });

  it('refuses a CSRF token made for another session, even when cookie and header agree', async () => {
    const mine = await signInWithCookies();
    const theirs = await signInWithCookies();
    const planted = mine.cookie.replace(/onething_csrf=[^;]*/, `onething_csrf=${theirs.csrf}`);
    const { status, body } = await httpCall(stack.baseUrl, 'DELETE', '/auth/session', {
      headers: { cookie: planted, 'x-csrf-token': theirs.csrf },
    });
    expect(status).toBe(403);
    expect(body.code).toBe('CSRF_REFUSED');
  });

  it('keeps bearer tokens working for API clients, without any CSRF token', async () => {
    const headers = await stack.headers('applicant');
    const { status, body } = await httpCall(stack.baseUrl, 'POST', '/me/password', {
      headers,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'x' },
    });
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
  });

  it('renews the session with the refresh cookie, and signing out clears the cookies and ends the session', async () => {
    const { cookie, csrf } = await signInWithCookies();
    const renewed = await httpCall(stack.baseUrl, 'POST', '/auth/session/refresh', {
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(renewed.status).toBe(200);
    const fresh = setCookies(renewed.headers);
    const freshCookie = ['onething_session', 'onething_refresh', 'onething_csrf']
      .map((name) => `${name}=${valueOf(fresh[name])}`)
      .join('; ');
    const out = await httpCall(stack.baseUrl, 'DELETE', '/auth/session', {
      headers: { cookie: freshCookie, 'x-csrf-token': valueOf(fresh.onething_csrf) },
    });
    expect(out.status).toBe(204);
    const cleared = setCookies(out.headers);
    for (const name of ['onething_session', 'onething_refresh', 'onething_csrf'])
      expect(cleared[name]).toMatch(/Expires=Thu, 01 Jan 1970/);
    const after = await httpCall(stack.baseUrl, 'GET', '/me', { headers: { cookie: freshCookie } });
    expect(after.status).toBe(401);
  });
});

describe('the web application served by the API', () => {
  const assets = readdirSync(join(__dirname, '..', '..', '..', 'web', 'dist', 'assets'));

  it('serves index.html to a browser at / and at the app areas, with a CSP that allows no inline script', async () => {
    for (const path of [
      '/',
      '/sign-in',
      '/apply',
      '/apply/cases/123',
      '/work',
      '/admin/definitions',
      '/ops',
    ]) {
      const response = await fetch(`${stack.baseUrl}${path}`, { headers: { accept: 'text/html,*/*;q=0.8' } });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(await response.text()).toContain('<div id="root">');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const policy = response.headers.get('content-security-policy') ?? '';
      const scripts = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
      expect(scripts.split(' ')).toContain("'self'");
      expect(scripts).not.toContain('unsafe-inline');
      expect(policy).not.toMatch(/script-src-attr (?!'none')/);
      expect(policy).toMatch(/frame-ancestors 'none'/);
    }
  });

  it('serves hashed assets with a year-long immutable cache, and 404s an unknown asset', async () => {
    const script = assets.find((file) => file.endsWith('.js'))!;
    const response = await fetch(`${stack.baseUrl}/assets/${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${stack.baseUrl}/assets/nothing-here.js`)).status).toBe(404);
  });

  it('does not shadow the API: JSON callers, /docs, /verify and unknown paths answer as before', async () => {
    const api = await fetch(`${stack.baseUrl}/admin/commitments`, {
      headers: { accept: 'application/json' },
    });
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toMatch(/problem\+json/);
    const fetchDefault = await fetch(`${stack.baseUrl}/apply`);
    expect(fetchDefault.headers.get('content-type')).toMatch(/json/);
    const docs = await fetch(`${stack.baseUrl}/docs`, { headers: { accept: 'text/html' } });
    expect(await docs.text()).not.toContain('<div id="root">');
    const unknown = await fetch(`${stack.baseUrl}/no-such-page`, { headers: { accept: 'text/html' } });
    expect(unknown.status).toBe(404);
  });
});

describe('the web application build', () => {
  it("keeps the applicant portal's first load within 300 KB gzipped (a production build)", () => {
    const load = applicantFirstLoad();
    expect(load.gzipped).toBeLessThanOrEqual(APPLICANT_FIRST_LOAD_BUDGET);
    // React's development build is three times larger: a build made under NODE_ENV=test would show here.
    expect(load.gzipped).toBeGreaterThan(100 * 1024);
  });
});
