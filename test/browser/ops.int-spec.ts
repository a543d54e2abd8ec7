import {
  autoApplication,
  autoDefinition,
  httpCall,
  publishTestDefinition,
  startTestStack,
  submitCase,
  waitUntil,
  type TestStack,
} from '@onething/testing';
import { caseWorkflowId } from '@onething/case-model';
import {
  expectAccessible,
  openPage,
  PHONE,
  problemsOf,
  saveScreenshot,
  tabTo,
  withBrowser,
  type PageGlobals,
} from './support/browser';

/**
 * Journey 4, in a real browser: the credit department's system is down (the simulated department told
 * so, as test/step-failures.int-spec.ts does), two cases' credit steps use up their retries and fail. An
 * administrator finds them in the operations view, retries one with the keyboard and the rest of the
 * department in one go; both cases then finish. The page links each case to the Temporal Web UI.
 */
const handle = withBrowser();
let stack: TestStack;
const key = `journey-four-${Date.now().toString(36)}`;
const WEB_UI = 'http://temporal-ui.example:8233';

async function failedCreditSteps(): Promise<string[]> {
  const { body } = await httpCall<{ items: { caseId: string }[] }>(
    stack.baseUrl,
    'GET',
    '/admin/steps?state=failed&department=market-regulation',
    { headers: await stack.headers('administrator') },
  );
  return body.items.map((item) => item.caseId);
}

beforeAll(async () => {
  stack = await startTestStack({ env: { TEMPORAL_WEB_UI_URL: WEB_UI } });
  await publishTestDefinition(stack.dataSource, autoDefinition(key, { retries: 2 }));
});
afterAll(async () => {
  await stack.close();
});

it('finds failed steps, retries one with the keyboard and the rest of the department at once', async () => {
  await stack.controlDepartment('credit', { mode: 'down' });
  const [first, second] = [
    await submitCase(stack, key, autoApplication()),
    await submitCase(stack, key, autoApplication()),
  ];
  await waitUntil(
    'both credit steps failed',
    async () => {
      const failed = await failedCreditSteps();
      return (failed.includes(first) && failed.includes(second)) || undefined;
    },
    30_000,
  );
  // The department is back; the steps wait for someone to retry them.
  await stack.controlDepartment('credit', { mode: 'normal' });

  const page = await openPage(handle, stack, 'administrator');
  await page.goto('/ops');
  await page.getByRole('heading', { name: '运行监控', level: 1 }).waitFor();
  await page.getByTestId('failed-steps').locator(`tr[data-case="${second}"]`).waitFor();
  expect(Number(await page.getByTestId('figure-failed').textContent())).toBeGreaterThanOrEqual(2);
  await page.getByTestId('case-counts').getByRole('rowheader', { name: key }).waitFor();
  await page.getByTestId('trends').locator('svg.recharts-surface').first().waitFor();
  const link = page.getByTestId('failed-steps').locator(`tr[data-case="${first}"] a`);
  expect(await link.getAttribute('href')).toBe(
    `${WEB_UI}/namespaces/default/workflows/${caseWorkflowId(first)}`,
  );
  await expectAccessible(page, 'operations');
  await saveScreenshot(page, 'operations');

  // Keyboard only: to the first case's retry button.
  await tabTo(page, `[data-testid="retry-${first}-creditCheck"]`, 120);
  await page.keyboard.press('Enter');
  await page.getByTestId('retry-outcome').filter({ hasText: 'creditCheck 已重新运行' }).waitFor();
  expect((await stack.client.workflow.getHandle(caseWorkflowId(first)).result()).decision).toBe('approved');

  // The rest of the department in one go: filter by department, then the bulk retry.
  await page.getByLabel('部门').selectOption('market-regulation');
  await page.getByTestId('retry-department').click();
  await page
    .getByTestId('retry-outcome')
    .filter({ hasText: /重试 [1-9]/ })
    .waitFor();
  expect((await stack.client.workflow.getHandle(caseWorkflowId(second)).result()).decision).toBe('approved');
  // (other suites sharing this Jest worker's schema may leave failed steps of their own: look at ours)
  await waitUntil('neither credit step failed any more', async () => {
    const failed = await failedCreditSteps();
    return (!failed.includes(first) && !failed.includes(second)) || undefined;
  });
  for (const caseId of [first, second])
    await page.locator(`tr[data-case="${caseId}"]`).waitFor({ state: 'detached', timeout: 15_000 });
  expect(problemsOf(page).filter((problem) => !/401|403|404/.test(problem))).toEqual([]);
});

it('fits a phone and lets an auditor read the figures without retry buttons', async () => {
  const page = await openPage(handle, stack, 'auditor', { viewport: PHONE, locale: 'en' });
  await page.goto('/ops');
  await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
  await page.getByTestId('case-counts').waitFor();
  const overflow = await page.evaluate(() => {
    const win = globalThis as unknown as PageGlobals;
    return win.document.documentElement.scrollWidth - win.innerWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await page.locator('[data-testid^="retry-"]').count()).toBe(0);
  await expectAccessible(page, 'operations (auditor, phone)');
});
