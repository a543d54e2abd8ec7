import { startTestStack, type TestStack } from '@onething/testing';
import {
  expectAccessible,
  type PageGlobals,
  openPage,
  PHONE,
  problemsOf,
  saveScreenshot,
  withBrowser,
} from './support/browser';

/**
 * The shell in a real browser (Debian's Chromium): a visitor is sent to sign in, an applicant lands on
 * the portal, the language switches between Chinese and English, the layout fits a phone, every page
 * passes axe, and the content security policy refuses nothing the app needs (no console errors).
 */
const handle = withBrowser();
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
});
afterAll(async () => {
  await stack.close();
});

describe('web shell', () => {
  it('sends a visitor to sign in, then an applicant to the portal; the language switches', async () => {
    const page = await openPage(handle, stack, null);
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await expectAccessible(page, 'sign-in');
    await saveScreenshot(page, 'sign-in');

    await page.locator('input[name="username"]').fill(stack.accounts.applicant.username);
    await page.locator('input[name="password"]').fill('wrong-password');
    await page.locator('form button[type="submit"]').click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('用户名或密码不正确');

    const applicant = await openPage(handle, stack, 'applicant');
    expect(new URL(applicant.url()).pathname).toBe('/apply');
    expect(
      await applicant.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang),
    ).toBe('zh-CN');
    await applicant.locator('label', { hasText: 'English' }).click();
    await applicant.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(
      await applicant.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang),
    ).toBe('en');
    // The session cookie is invisible to the page's scripts; only the CSRF token is readable.
    const visible = await applicant.evaluate(() => (globalThis as unknown as PageGlobals).document.cookie);
    expect(visible).toContain('onething_csrf=');
    expect(visible).not.toContain('onething_session');
    await expectAccessible(applicant, 'apply (en)');

    await applicant.getByRole('button', { name: 'Sign out' }).click();
    await applicant.waitForURL('**/sign-in');
    await applicant.goto('/apply');
    await applicant.waitForURL('**/sign-in?next=%2Fapply');
    expect([...problemsOf(page), ...problemsOf(applicant)].filter((p) => !/401|403/.test(p))).toEqual([]);
  });

  it('fits a phone: the navigation folds behind a menu button', async () => {
    const page = await openPage(handle, stack, 'administrator', { viewport: PHONE });
    expect(new URL(page.url()).pathname).toBe('/admin');
    const menu = page.getByRole('button', { name: '菜单' });
    await menu.click();
    await page.getByRole('link', { name: '运行' }).click();
    await page.waitForURL('**/ops');
    const overflow = await page.evaluate(() => {
      const win = globalThis as unknown as PageGlobals;
      return win.document.documentElement.scrollWidth - win.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'ops on a phone');
  });
});
