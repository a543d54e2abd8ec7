import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Role } from '@onething/auth';
import { TEST_PASSWORD } from '../../support/identity';
import type { TestStack } from '../../support/test-stack';

/** Debian's Chromium (`apt-get install chromium`): playwright-core never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', 'docs', 'screenshots');
const AXE_SOURCE = join(__dirname, '..', '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
/** A phone's viewport (the layout must work at this width), and a desktop's. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in a container has no user namespace for the sandbox; /dev/shm is small there too.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--font-render-hinting=none'],
  });
}

/**
 * The few browser globals the tests read inside `page.evaluate` callbacks (which run in the page): the
 * Node program has no DOM types, so callbacks cast `globalThis` to this.
 */
export interface PageGlobals {
  document: {
    documentElement: { lang: string; scrollWidth: number };
    cookie: string;
    activeElement: { matches(selector: string): boolean; tagName: string } | null;
    title: string;
  };
  innerWidth: number;
  localStorage: { setItem(key: string, value: string): void };
  axe?: {
    run(
      context: unknown,
      options: object,
    ): Promise<{
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    }>;
  };
}

export interface BrowserHandle {
  readonly browser: Browser;
}

/** One browser per Jest file: launched before its tests, closed after them. */
export function withBrowser(): BrowserHandle {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('withBrowser(): the browser starts in beforeAll');
      return browser;
    },
  };
}

export interface OpenPageOptions {
  viewport?: { width: number; height: number };
  locale?: 'zh-CN' | 'en';
  /** Sign in through the UI as this role's seeded person; `null`: stay signed out. */
  signInAs?: Role | null;
}

/** Console errors and uncaught exceptions of a page: a test asserts there are none (CSP refusals too). */
const pageProblems = new WeakMap<Page, string[]>();
export function problemsOf(page: Page): string[] {
  return pageProblems.get(page) ?? [];
}

/** A fresh context (its own cookies) and page on the stack's API, signed in as `role` through the UI. */
export async function openPage(
  handle: BrowserHandle,
  stack: TestStack,
  role: Role | null,
  options: Omit<OpenPageOptions, 'signInAs'> = {},
): Promise<Page> {
  const context: BrowserContext = await handle.browser.newContext({
    baseURL: stack.baseUrl,
    viewport: options.viewport ?? DESKTOP,
    locale: options.locale ?? 'zh-CN',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  pageProblems.set(page, problems);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  if (options.locale === 'en')
    await context.addInitScript(() =>
      (globalThis as unknown as PageGlobals).localStorage.setItem('onething.language', 'en'),
    );
  if (role) await signIn(page, stack.accounts[role].username);
  return page;
}

/** Types the user name and password into the sign-in page and waits to leave it. */
export async function signIn(page: Page, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it is now; fails on any serious or
 * critical violation, naming the rule and the elements. The script is evaluated over the DevTools
 * protocol, which the page's content security policy does not govern.
 */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const loaded = await page.evaluate(() => typeof (globalThis as unknown as PageGlobals).axe === 'object');
  if (!loaded) await page.evaluate(readFileSync(AXE_SOURCE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const win = globalThis as unknown as PageGlobals;
    const result = await win.axe!.run(win.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.slice(0, 5).map((node) => ({ target: node.target })),
    }));
  });
  const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = severe.map(
    (v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect({ page: label, violations: report }).toEqual({ page: label, violations: [] });
}

/** With SCREENSHOTS=1 (`npm run screenshots`), saves the page as docs/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Presses Tab until the focused element matches `selector` (at most `limit` times); fails otherwise. */
export async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    const focused = (s: string) =>
      (globalThis as unknown as PageGlobals).document.activeElement?.matches(s) ?? false;
    if (await page.evaluate(focused, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector} within ${limit} presses`);
}
