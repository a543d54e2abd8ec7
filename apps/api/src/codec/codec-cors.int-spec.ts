import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { startTestStack, TestStack } from '@onething/testing';

/**
 * The Temporal Web UI decodes payloads by calling the API's codec server from the browser, on another
 * origin, with credentials. Checked in a real browser (Debian's Chromium): its own preflight, then the
 * request as the UI sends it; an origin off the allow-list cannot read the answer.
 */
let stack: TestStack;
let browser: Browser;
let uiOrigin: { url: string; server: Server };
let otherOrigin: { url: string; server: Server };

async function pageServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((_, response) =>
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>ui</title>'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

beforeAll(async () => {
  [uiOrigin, otherOrigin] = await Promise.all([pageServer(), pageServer()]);
  stack = await startTestStack({ withWorker: false, env: { CORS_ALLOWED_ORIGINS: uiOrigin.url } });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  for (const origin of [uiOrigin, otherOrigin]) origin?.server.close();
});

interface BrowserCall {
  status?: number;
  body?: { payloads?: unknown[] };
  requestId?: string | null;
  error?: string;
}

/** `fetch` from a page on `origin`, as the Web UI's codec client calls it. */
async function decodeFrom(origin: string, path = '/codec/decode'): Promise<BrowserCall> {
  const page = await browser.newPage();
  try {
    await page.goto(origin);
    const { authorization } = await stack.headers('auditor');
    return await page.evaluate(
      async ({ url, authorization }) => {
        try {
          const response = await fetch(url, {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/json', 'x-namespace': 'default', authorization },
            body: JSON.stringify({
              payloads: [{ metadata: { encoding: 'YmluYXJ5L3BsYWlu' }, data: 'aGk=' }],
            }),
          });
          return {
            status: response.status,
            body: (await response.json()) as { payloads?: unknown[] },
            requestId: response.headers.get('x-request-id'),
          };
        } catch (error) {
          return { error: String(error) };
        }
      },
      { url: `${stack.baseUrl}${path}`, authorization },
    );
  } finally {
    await page.close();
  }
}

describe('the codec server from the Temporal Web UI origin', () => {
  it('lets the allow-listed origin decode with credentials, after the browser preflight', async () => {
    const call = await decodeFrom(uiOrigin.url);
    expect(call.error).toBeUndefined();
    expect(call.status).toBe(200);
    expect(call.body?.payloads).toEqual([{ metadata: { encoding: 'YmluYXJ5L3BsYWlu' }, data: 'aGk=' }]);
    // Exposed to the page, so the UI's errors can be matched to the API's log lines.
    expect(call.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers the preflight with the origin, credentials and the headers the UI sends', async () => {
    const response = await fetch(`${stack.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: uiOrigin.url,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-namespace',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(uiOrigin.url);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-namespace');
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('keeps an origin off the allow-list from reading the answer', async () => {
    const call = await decodeFrom(otherOrigin.url);
    expect(call.status).toBeUndefined();
    expect(call.error).toContain('Failed to fetch');
  });

  it('answers no CORS on the rest of the API, even to the allow-listed origin', async () => {
    const call = await decodeFrom(uiOrigin.url, '/cases');
    expect(call.error).toContain('Failed to fetch');
    const preflight = await fetch(`${stack.baseUrl}/cases`, {
      method: 'OPTIONS',
      headers: { origin: uiOrigin.url, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
