import type { Page } from 'playwright-core';
import { CaseEntity } from '@onething/persistence';
import {
  httpCall,
  publishTestDefinition,
  startTestStack,
  text,
  waitUntil,
  type TestStack,
} from '@onething/testing';
import {
  expectAccessible,
  openPage,
  PHONE,
  problemsOf,
  saveScreenshot,
  tabTo,
  type PageGlobals,
  withBrowser,
} from './support/browser';

/**
 * Journey 1 of the web application, in Debian's Chromium against the real API, worker, Temporal and
 * PostgreSQL: an applicant finds a one-thing, fills the one form rendered from its JSON Schema with the
 * keyboard alone (an upload included), submits once; two departments act through the API — one asks for
 * more material — the applicant answers the one notice in the page; both approve; the applicant sees
 * one result, downloads its PDF and prints it, and reads who looked at their data. Every page is checked
 * with axe; SCREENSHOTS=1 saves them to docs/screenshots.
 */
const KEY = 'browser-journey';
const TITLE = '人才服务一件事（浏览器）';
const handle = withBrowser();
// The journey's test is given 3 minutes: many real round trips (workflows, uploads, polling every 3 s)
// take well over the default minute on a loaded machine.
let stack: TestStack;
let housingSystem: Record<string, string>;

const journeyDefinition = {
  key: KEY,
  version: 1,
  title: text(TITLE, 'Talent services (browser)'),
  description: text(
    '人才认定和住房补贴一次申请。',
    'Talent certification and housing subsidy in one application.',
  ),
  leadDepartment: 'talent-office',
  commitment: { workingDays: 10 },
  fields: [
    { id: 'fullName', type: 'text', label: text('申请人姓名', 'Full name'), required: true, maxLength: 50 },
    {
      id: 'residentId',
      type: 'cn-resident-id',
      label: text('居民身份证号码', 'Resident ID number'),
      required: true,
    },
    { id: 'mobile', type: 'phone', label: text('手机号码', 'Mobile number'), required: true },
    { id: 'employer', type: 'text', label: text('工作单位', 'Employer'), required: true },
    {
      id: 'laborContract',
      type: 'attachment',
      label: text('劳动合同', 'Employment contract'),
      required: true,
      accept: ['application/pdf'],
      maxSizeBytes: 1_048_576,
      maxCount: 2,
    },
  ],
  steps: [
    {
      id: 'talentReview',
      title: text('人才认定', 'Talent certification'),
      department: 'talent-office',
      kind: 'manual',
      contract: ['fullName', 'residentId', 'employer', 'laborContract'],
      sla: { workingDays: 5 },
    },
    {
      id: 'housingReview',
      title: text('住房补贴', 'Housing subsidy'),
      department: 'housing',
      kind: 'manual',
      contract: ['fullName', 'residentId', 'mobile'],
      sla: { workingDays: 5 },
    },
  ],
  outcome: {
    rule: 'all-required-approved',
    notice: {
      approved: text('已办结 {{caseRef}}', 'Approved {{caseRef}}'),
      rejected: text('未通过 {{caseRef}}', 'Rejected {{caseRef}}'),
      partial: text('部分办结 {{caseRef}}', 'Partly approved {{caseRef}}'),
    },
  },
};

/** A small real PDF: the upload's type is what the bytes show. */
const CONTRACT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

beforeAll(async () => {
  stack = await startTestStack();
  await publishTestDefinition(stack.dataSource, journeyDefinition);
  const credential = await httpCall(stack.baseUrl, 'POST', '/admin/departments/housing/credentials', {
    headers: await stack.headers('administrator'),
    body: { label: 'browser-journey' },
  });
  expect(credential.status).toBe(201);
  housingSystem = { 'content-type': 'application/json', authorization: `Bearer ${credential.body.secret}` };
});
afterAll(async () => {
  await stack.close();
});

async function taskOf(caseId: string, headers: Record<string, string>, status = 'open'): Promise<string> {
  return waitUntil(`a ${status} task of case ${caseId}`, async () => {
    const { body } = await httpCall(stack.baseUrl, 'GET', `/tasks?caseId=${caseId}&status=${status}`, {
      headers,
    });
    return (body.items as { id: string }[])[0]?.id;
  });
}

async function approve(taskId: string, headers: Record<string, string>): Promise<void> {
  const decided = await httpCall(stack.baseUrl, 'POST', `/tasks/${taskId}/decision`, {
    headers,
    body: { decision: 'approved', reason: '符合条件' },
  });
  expect(decided.status).toBe(201);
}

/** The submit path with the keyboard only: Tab to each field, type, open the file chooser with Enter. */
async function fillAndSubmitWithKeyboard(page: Page): Promise<void> {
  await page.locator('#root_fullName').waitFor();
  const typeInto = async (id: string, value: string) => {
    await tabTo(page, `#${id}`);
    await page.keyboard.type(value);
  };
  await page.locator('body').focus();
  await typeInto('root_fullName', '张三');
  await typeInto('root_residentId', '11010519491231002X');
  await typeInto('root_mobile', '13800138000');
  await typeInto('root_employer', '杭州未来科技有限公司');
  // The upload button is reached by Tab; the file itself is chosen in the system's dialog, which a test
  // stands in for by setting the file input the button opens.
  await tabTo(page, '#root_laborContract');
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: '劳动合同.pdf', mimeType: 'application/pdf', buffer: CONTRACT_PDF });
  // Uploaded (not just uploading): the file is listed with its remove button.
  await page.getByRole('button', { name: '移除 劳动合同.pdf' }).waitFor();
  await tabTo(page, 'button[type="submit"]');
  await page.keyboard.press('Enter');
  // Either the case page, or the refusal the form shows (named in the failure).
  const outcome = await Promise.race([
    page.waitForURL(/\/apply\/cases\/[0-9a-f-]{36}$/).then(() => 'submitted'),
    page
      .getByRole('alert')
      .first()
      .waitFor()
      .then(async () => `refused: ${(await page.getByRole('alert').allTextContents()).join(' | ')}`),
  ]);
  expect(outcome).toBe('submitted');
}

describe('journey 1: an applicant applies once and gets one result', () => {
  it('catalog → one form with an upload → one notice answered → one result printed and downloaded', async () => {
    const page = await openPage(handle, stack, 'applicant');
    await page.getByRole('heading', { name: '可办事项', level: 1 }).waitFor();
    await expectAccessible(page, 'catalog');
    await saveScreenshot(page, 'applicant-catalog');

    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    expect(await page.getByText('承诺办结时限：10 个工作日').isVisible()).toBe(true);
    await expectAccessible(page, 'one-thing');
    await page.getByRole('link', { name: '开始申请' }).click();

    // Client-side rules first: submitting the empty form names the missing fields and stays.
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.locator('.mantine-TextInput-error, [id$="__error"]').first().waitFor();
    expect(new URL(page.url()).pathname).toBe(`/apply/catalog/${KEY}/apply`);
    await expectAccessible(page, 'form with errors');
    await page.reload();
    await fillAndSubmitWithKeyboard(page);
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: '各部门办理进度' }).waitFor();
    await expectAccessible(page, 'case');
    await saveScreenshot(page, 'applicant-case');

    // Housing asks for a new mobile number; the talent office approves meanwhile.
    const talentOffice = await stack.headers('department_worker');
    const housingTask = await taskOf(caseId, housingSystem);
    const asked = await httpCall(stack.baseUrl, 'POST', `/tasks/${housingTask}/material-requests`, {
      headers: housingSystem,
      body: { fields: ['mobile'], message: '请提供本人实名登记的手机号码' },
    });
    expect(asked.status).toBe(201);
    await approve(await taskOf(caseId, talentOffice), talentOffice);

    const notice = page.getByRole('region', { name: '一次性告知：请补充材料' });
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('请提供本人实名登记的手机号码');
    await page.getByTestId('step-housingReview').getByText('需补充材料').waitFor();
    await expectAccessible(page, 'case with the notice');
    await saveScreenshot(page, 'applicant-notice');
    await notice.getByLabel('手机号码').fill('13900139000');
    await notice.getByRole('button', { name: '提交补充材料' }).click();
    await notice.waitFor({ state: 'detached', timeout: 30_000 });

    await approve(await taskOf(caseId, housingSystem), housingSystem);
    await page.getByTestId('case-status').getByText('已通过').waitFor({ timeout: 30_000 });
    const result = page.getByRole('region', { name: '办理结果' });
    await result.waitFor();
    expect(await result.textContent()).toContain('符合条件');
    await expectAccessible(page, 'case with the result');
    await saveScreenshot(page, 'applicant-result');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      result.getByRole('link', { name: '下载结果（PDF）' }).click(),
    ]);
    const pdf = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of pdf) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');

    // Printing: the print button opens the browser's dialog; the print layout keeps the result only.
    await page.evaluate(() => {
      const win = globalThis as unknown as PageGlobals & { print(): void; printed?: boolean };
      win.print = () => {
        win.printed = true;
      };
    });
    await result.getByRole('button', { name: '打印' }).click();
    expect(await page.evaluate(() => (globalThis as unknown as { printed?: boolean }).printed)).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await result.isVisible()).toBe(true);
    expect((await page.pdf()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('link', { name: '谁查看了我的数据' }).click();
    await page.getByRole('heading', { name: '谁查看了我的数据', level: 1 }).waitFor();
    await page.getByRole('cell', { name: '办理您的申请' }).first().waitFor();
    await expectAccessible(page, 'access log');
    await page.getByRole('link', { name: '我的办件' }).click();
    await page.getByRole('table').getByRole('link', { name: TITLE }).first().waitFor();
    await expectAccessible(page, 'my cases');
    // The renderer logs the refused empty submission and React's warnings; what must never appear is a
    // script the content security policy refused, or an uncaught error.
    expect(
      problemsOf(page).filter((problem) => /Content Security Policy|Refused to|Uncaught/.test(problem)),
    ).toEqual([]);
  }, 180_000);

  it('on a phone, in English: the case page fits the width and reads in English', async () => {
    const page = await openPage(handle, stack, 'applicant', { viewport: PHONE, locale: 'en' });
    await page.getByRole('heading', { name: 'Services', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'My applications' }).click();
    await page.waitForURL('**/apply/cases');
    await page.getByRole('table').getByRole('link', { name: 'Talent services (browser)' }).first().click();
    await page.getByRole('heading', { name: 'Progress by department' }).waitFor();
    const overflow = await page.evaluate(() => {
      const win = globalThis as unknown as PageGlobals;
      return win.document.documentElement.scrollWidth - win.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'case on a phone');
    await saveScreenshot(page, 'applicant-case-phone');
  });

  it("clerk mode: the applicant's consent is recorded before submitting on their behalf", async () => {
    const page = await openPage(handle, stack, 'counter_clerk');
    await page.goto(`/apply/catalog/${KEY}/apply`);
    const consent = page.getByRole('heading', { name: '代办：记录申请人同意' });
    await consent.waitFor();
    await page.locator('#root_fullName').fill('李四');
    await page.locator('#root_residentId').fill('11010519491231002X');
    await page.locator('#root_mobile').fill('13700137000');
    await page.locator('#root_employer').fill('杭州未来科技有限公司');
    await page.locator('input[type="file"]').setInputFiles({
      name: '合同.pdf',
      mimeType: 'application/pdf',
      buffer: CONTRACT_PDF,
    });
    await page.getByRole('button', { name: '移除 合同.pdf' }).waitFor();
    // Without the consent the form stays, and says what is missing.
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByRole('alert').filter({ hasText: '请填写同意方式' }).waitFor();
    await expectAccessible(page, 'clerk form');
    await page.getByRole('textbox', { name: '同意方式' }).click();
    await page.getByRole('option', { name: '书面签字' }).click();
    await page.getByLabel('凭证编号').fill('SQ-2026-0001');
    await page.getByLabel('我已记录申请人的同意').check();
    await saveScreenshot(page, 'clerk-consent');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(/\/apply\/cases\/[0-9a-f-]{36}$/);
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await httpCall(stack.baseUrl, 'GET', `/cases/${caseId}`, {
      headers: await stack.headers('counter_clerk'),
    });
    expect(stored.status).toBe(200);
    const row = await stack.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: caseId });
    expect(row.submissionConsent).toMatchObject({ method: 'signed_form', reference: 'SQ-2026-0001' });
  }, 120_000);
});
