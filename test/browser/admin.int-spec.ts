import type { Page } from 'playwright-core';
import { httpCall, startTestStack, waitUntil, type TestStack } from '@onething/testing';
import {
  expectAccessible,
  openPage,
  problemsOf,
  saveScreenshot,
  tabTo,
  withBrowser,
  type PageGlobals,
} from './support/browser';

/**
 * Journey 3, in a real browser against the real API, Temporal and PostgreSQL: an administrator opens a
 * published one-thing, starts version 2, types a step with an unknown department and sees the error at
 * its line, fixes it, watches the graph and the applicant form grow, and publishes. A new case runs on
 * version 2 while a case already open stays on version 1. The editing is done with the keyboard only.
 */
const handle = withBrowser();
let stack: TestStack;
const key = `journey-three-${Date.now().toString(36)}`;

// `steps` comes last, so a new step is typed at the end of the text.
const VERSION_ONE = `key: ${key}
version: 1
title: { zh-CN: 人才安居一件事, en: Talent housing }
description: { zh-CN: 人才认定后核查住房, en: Certification and a housing check }
leadDepartment: talent-office
fields:
  - { id: fullName, type: text, label: { zh-CN: 姓名, en: Full name }, required: true }
  - { id: mobile, type: phone, label: { zh-CN: 手机号码, en: Mobile number }, required: true }
outcome:
  rule: all-required-approved
  notice:
    approved: { zh-CN: '已办结 {{caseRef}}', en: 'Approved {{caseRef}}' }
    rejected: { zh-CN: '未通过 {{caseRef}}', en: 'Rejected {{caseRef}}' }
    partial: { zh-CN: '部分办结 {{caseRef}}', en: 'Partly approved {{caseRef}}' }
steps:
  - id: review
    title: { zh-CN: 人才认定, en: Talent review }
    department: talent-office
    kind: manual
    contract: [fullName, mobile]
    required: true
    sla: { workingDays: 5 }
`;
const WRONG_DEPARTMENT = 'nowhere-office';
// The new step needs a datum the form does not ask yet: typed after the department is fixed.
const NEW_FIELD = `  - { id: housingArea, type: number, label: { zh-CN: 住房面积, en: Housing area }, required: true }
`;
const NEW_STEP = `  - id: housingCheck
    title: { zh-CN: 住房核查, en: Housing check }
    department: ${WRONG_DEPARTMENT}
    kind: manual
    after: [review]
    contract: [fullName, housingArea]
    required: true
    sla: { workingDays: 3 }
`;

async function asAdmin<T>(method: string, path: string, body?: unknown) {
  return httpCall<T>(stack.baseUrl, method, path, { body, headers: await stack.headers('administrator') });
}

async function caseView(id: string) {
  const { body } = await httpCall<{
    definition: { version: number };
    status: string;
    steps: { stepId: string }[];
  }>(stack.baseUrl, 'GET', `/cases/${id}`, { headers: await stack.headers('applicant') });
  return body;
}

async function submit(extra: Record<string, unknown> = {}): Promise<string> {
  const { status, body } = await httpCall<{ id: string }>(stack.baseUrl, 'POST', '/cases', {
    headers: await stack.headers('applicant'),
    body: { definitionKey: key, application: { fullName: '张三', mobile: '13800138000', ...extra } },
  });
  expect(status).toBe(201);
  return body.id;
}

const lineOf = (source: string, text: string) =>
  source.split('\n').findIndex((line) => line.includes(text)) + 1;

async function focusedIs(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(
    (s) => (globalThis as unknown as PageGlobals).document.activeElement?.matches(s) ?? false,
    selector,
  );
}

/** Like `tabTo`, backwards: for a control above the focus (the publish button above the previews). */
async function shiftTabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await focusedIs(page, selector)) return;
    await page.keyboard.press('Shift+Tab');
  }
  throw new Error(`Shift+Tab never reached ${selector} within ${limit} presses`);
}

beforeAll(async () => {
  stack = await startTestStack();
  const draft = await asAdmin<{ revision: number }>('POST', '/definitions/drafts', { source: VERSION_ONE });
  expect(draft.status).toBe(201);
  const published = await asAdmin('POST', `/definitions/${key}/versions/1/publish`, {
    revision: draft.body.revision,
  });
  expect(published.status).toBe(200);
});
afterAll(async () => {
  await stack.close();
});

it('edits a definition with the keyboard, sees the error at its line, fixes it, publishes version 2; open cases keep version 1', async () => {
  const openCase = await submit();
  await waitUntil('the first case open on version 1', async () => {
    const view = await caseView(openCase);
    return view.status === 'in_progress' || undefined;
  });

  const page = await openPage(handle, stack, 'administrator');
  await page.goto('/admin/definitions');
  await page.getByRole('heading', { name: '一件事定义' }).waitFor();
  await expectAccessible(page, 'definitions list');

  // Keyboard only from here: to the version list, version 1, a new draft from it.
  await tabTo(page, `a[href="/admin/definitions/${key}"]`);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: `${key} 的版本` }).waitFor();
  await expectAccessible(page, 'versions');
  await tabTo(page, `a[href="/admin/definitions/${key}/versions/1"]`);
  await page.keyboard.press('Enter');
  await page.getByTestId('version-status').filter({ hasText: '已发布' }).waitFor();
  await tabTo(page, '[data-testid="new-draft"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/admin/definitions/${key}/versions/2`);
  await page.getByTestId('version-status').filter({ hasText: '草稿' }).waitFor();
  const graph = page.getByTestId('step-graph');
  await graph.and(page.locator('[data-nodes="1"]')).waitFor();
  await expectAccessible(page, 'editor');

  // Type a new step at the end of the text: its department does not exist.
  await tabTo(page, '.cm-content');
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(NEW_STEP);
  const source = VERSION_ONE + NEW_STEP;
  const wrongLine = lineOf(source, `department: ${WRONG_DEPARTMENT}`);
  const summary = page.getByTestId('issue-summary');
  await summary.filter({ hasText: /[1-9]\d* 个错误/ }).waitFor();
  // Inline: an error mark in the text and in the gutter, and the issue names its line.
  await page.locator('.cm-lintRange-error').first().waitFor();
  await page.locator('.cm-lint-marker-error').first().waitFor();
  await page.locator('.cm-lintRange-error', { hasText: WRONG_DEPARTMENT }).waitFor();
  const errorAtLine = `[data-testid="issue-list"] button[data-severity="error"][data-line="${wrongLine}"]`;
  expect(await page.locator(errorAtLine).textContent()).toContain(`第 ${wrongLine} 行`);
  await expectAccessible(page, 'editor with an error');
  await saveScreenshot(page, 'admin-definition-error');

  // The button puts the cursor on its line; replace the department there.
  await tabTo(page, errorAtLine);
  await page.keyboard.press('Enter');
  expect(await focusedIs(page, '.cm-content')).toBe(true);
  await page.keyboard.press('End');
  for (let i = 0; i < WRONG_DEPARTMENT.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.insertText('housing');
  // …and declare the datum it needs, as the last field: CodeMirror's "go to line" (Ctrl+Alt+G) to the
  // start of `outcome:` (lines wrap, so arrow keys move by screen rows). Escape closes any completion.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Alt+g');
  await page.locator('.cm-goto-line input').waitFor();
  await page.keyboard.press('Control+a');
  await page.keyboard.type(String(lineOf(source, 'outcome:')));
  await page.keyboard.press('Enter');
  await page.locator('.cm-goto-line').waitFor({ state: 'detached' });
  // Back in the text, the cursor where the dialog put it.
  if (!(await focusedIs(page, '.cm-content'))) await shiftTabTo(page, '.cm-content');
  await page.keyboard.insertText(NEW_FIELD);

  await summary.filter({ hasText: /^(没有问题|0 个错误)/ }).waitFor();
  await graph.and(page.locator('[data-nodes="2"]')).waitFor();
  await page.getByTestId('graph-step-housingCheck').waitFor();
  // The form preview now asks for the housing area: the new step's contract needs it.
  // Tabs are one stop (roving focus): the arrow keys move between them.
  await tabTo(page, '[role="tab"][aria-selected="true"]');
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('form-preview').getByText('住房面积').waitFor();
  await expectAccessible(page, 'form preview');
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('minimisation-matrix').getByText('housingArea').first().waitFor();
  await page.keyboard.press('ArrowRight');
  await saveScreenshot(page, 'admin-console');

  await shiftTabTo(page, '[data-testid="publish"]:not([disabled])');
  await page.keyboard.press('Enter');
  await page.getByTestId('editor-notice').filter({ hasText: '第 2 版已发布' }).waitFor();
  await page.getByTestId('version-status').filter({ hasText: '已发布' }).waitFor();

  // The versions page compares 1 with 2: the new step widens what a department receives.
  await page.goto(`/admin/definitions/${key}`);
  await page.getByRole('button', { name: '比较' }).click();
  await page.getByTestId('diff').getByText('新增步骤：housingCheck').waitFor();
  await expectAccessible(page, 'diff');

  // Through the API: a new case runs on version 2 (with its new step); the open one stays on version 1.
  const newCase = await submit({ housingArea: 90 });
  expect((await caseView(newCase)).definition.version).toBe(2);
  const openView = await caseView(openCase);
  expect(openView.definition.version).toBe(1);
  expect(openView.status).toBe('in_progress');
  expect(openView.steps.map((step) => step.stepId)).toEqual(['review']);
  const newView = await waitUntil('the new case planned on version 2', async () => {
    const view = await caseView(newCase);
    return view.steps.length === 2 ? view : undefined;
  });
  expect(newView.steps.map((step) => step.stepId).sort()).toEqual(['housingCheck', 'review']);
  expect(problemsOf(page).filter((problem) => !/401|403|404/.test(problem))).toEqual([]);
});

it('shows a refusal at its field: a department code that breaks the rules', async () => {
  const page = await openPage(handle, stack, 'administrator', { locale: 'en' });
  await page.goto('/admin/departments');
  await page.getByRole('heading', { name: 'Departments' }).waitFor();
  await expectAccessible(page, 'departments');
  await page.getByLabel('Code').fill('Bad Code');
  await page.getByLabel('Name (Chinese)').fill('测试部门');
  await page.getByLabel('Name (English)').fill('Test department');
  await page.getByRole('button', { name: 'Create' }).click();
  const codeInput = page.getByLabel('Code');
  await page.locator('[aria-invalid="true"]').first().waitFor();
  expect(await codeInput.getAttribute('aria-invalid')).toBe('true');

  await codeInput.fill(`dept-${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('cell', { name: 'Test department' }).first().waitFor();

  for (const path of ['/admin/users', '/admin/connectors', '/admin/calendar']) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page, path);
  }
});
