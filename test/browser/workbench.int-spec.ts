import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { TaskEntity } from '@onething/persistence';
import {
  autoApplication,
  autoDefinition,
  createPerson,
  httpCall,
  loginAt,
  publishTestDefinition,
  startTestStack,
  submitCase,
  text,
  waitUntil,
  type TestPerson,
  type TestStack,
} from '@onething/testing';
import {
  expectAccessible,
  openPage,
  problemsOf,
  saveScreenshot,
  signIn,
  tabTo,
  withBrowser,
} from './support/browser';

/**
 * Journey 2 in a real browser (Debian's Chromium) on the real API, Temporal and PostgreSQL: a housing
 * worker filters the queue, claims a task, opens its document, and decides with the step's outputs, all
 * with the keyboard; another department's task is neither listed nor opened (its URL is refused in words);
 * a supervisor reassigns a breached task from the board. Every page passes axe.
 */
const handle = withBrowser();
let stack: TestStack;
let worker: TestPerson;
let colleague: TestPerson;
let supervisor: TestPerson;
const key = `workbench-${Date.now()}`;
const proofPdf = Buffer.from(`%PDF-1.4\n% housing proof ${randomUUID()}\n%%EOF\n`);

interface TaskRow {
  id: string;
  caseId: string;
  stepId: string;
  status: string;
  sla: unknown;
  holder: { accountId: string; displayName: string | null } | null;
}

/** Housing reviews a document and issues a subsidy number; education sees the applicant's name only. */
function workbenchDefinition(): unknown {
  const sla = { workingDays: 5 };
  return {
    key,
    version: 1,
    title: text('住房补贴一件事（工作台测试）', 'Housing subsidy (workbench test)'),
    description: text('工作台浏览器测试', 'Workbench browser test'),
    leadDepartment: 'housing',
    fields: [
      { id: 'fullName', type: 'text', label: text('姓名', 'Full name'), required: true },
      { id: 'employer', type: 'text', label: text('工作单位', 'Employer'), required: true },
      {
        id: 'housingProof',
        type: 'attachment',
        label: text('住房证明', 'Housing proof'),
        required: true,
        accept: ['application/pdf'],
        maxSizeBytes: 1_048_576,
        maxCount: 1,
      },
    ],
    steps: [
      {
        id: 'housingReview',
        title: text('住房审核', 'Housing review'),
        department: 'housing',
        kind: 'manual',
        contract: ['fullName', 'housingProof'],
        sla,
        outputs: [
          {
            id: 'subsidyNumber',
            type: 'text',
            label: text('补贴编号', 'Subsidy number'),
            applicantVisible: true,
          },
          {
            id: 'monthlySubsidy',
            type: 'number',
            label: text('每月补贴（元）', 'Monthly subsidy (CNY)'),
            required: false,
          },
        ],
      },
      {
        id: 'educationReview',
        title: text('入学审核', 'School review'),
        department: 'education',
        kind: 'manual',
        contract: ['fullName', 'employer'],
        sla,
      },
    ],
    outcome: {
      rule: 'all-required-approved',
      notice: {
        approved: text('已办结', 'Approved'),
        rejected: text('未通过', 'Rejected'),
        partial: text('部分办结', 'Partly approved'),
      },
    },
  };
}

/** The seeded applicant uploads the housing proof and submits; returns the case id. */
async function submitWithDocument(name: string): Promise<string> {
  const token = (await loginAt(stack.baseUrl, stack.accounts.applicant.username)).accessToken;
  const query = new URLSearchParams({
    name: 'housing-proof.pdf',
    definitionKey: key,
    fieldId: 'housingProof',
  });
  const uploaded = await httpCall(stack.baseUrl, 'POST', `/uploads?${query.toString()}`, {
    token,
    bytes: proofPdf,
  });
  expect(uploaded.status).toBe(201);
  return submitCase(stack, key, {
    fullName: name,
    employer: '一件事科技有限公司',
    housingProof: [{ ref: uploaded.body.ref, name: 'housing-proof.pdf' }],
  });
}

/** The case's task of `stepId` once it is open with its clock (asked as someone of its department). */
function openTask(caseId: string, stepId: string, asker: TestPerson): Promise<TaskRow> {
  return waitUntil(`task ${stepId} of ${caseId}`, async () => {
    const { body } = await httpCall(stack.baseUrl, 'GET', `/tasks?caseId=${caseId}`, {
      headers: await asker.headers(),
    });
    const task = (body.items as TaskRow[]).find((t) => t.stepId === stepId);
    return task?.status === 'open' && task.sla ? task : undefined;
  });
}

async function taskAs(
  who: TestPerson,
  id: string,
): Promise<TaskRow & { outputs: Record<string, unknown> | null }> {
  const { status, body } = await httpCall(stack.baseUrl, 'GET', `/tasks/${id}`, {
    headers: await who.headers(),
  });
  expect(status).toBe(200);
  return body;
}

async function pageFor(person: TestPerson): Promise<Page> {
  const page = await openPage(handle, stack, null);
  await signIn(page, person.username);
  return page;
}

/**
 * The queue has loaded for the filters in the address bar now (not still fetching, and not the previous
 * filters' page that a router transition keeps on screen a moment) and its total reads `total`.
 */
function settled(page: Page, total: string): Promise<void> {
  const query = new URL(page.url()).searchParams.toString();
  return page
    .locator(`[data-testid="queue-total"][aria-busy="false"][data-query="${query}"]`)
    .filter({ hasText: total })
    .waitFor();
}

/** The `href` of the element focused now (null when it is not a link). */
const focusedHref = (page: Page) => page.locator(':focus').getAttribute('href');

/** An attribute of every element `selector` matches, in document order. */
async function attributes(page: Page, selector: string, name: string): Promise<(string | null)[]> {
  const elements = await page.locator(selector).all();
  return Promise.all(elements.map((element) => element.getAttribute(name)));
}

let education: TestPerson;
let decided: { caseId: string; housing: TaskRow; education: TaskRow };
let other: TaskRow;
let breached: TaskRow;
let startedAt: string;

beforeAll(async () => {
  stack = await startTestStack();
  await publishTestDefinition(stack.dataSource, workbenchDefinition());
  [worker, colleague, supervisor, education] = await Promise.all([
    createPerson(stack, 'department_worker', ['housing']),
    createPerson(stack, 'department_worker', ['housing']),
    createPerson(stack, 'department_supervisor', ['housing']),
    createPerson(stack, 'department_worker', ['education']),
  ]);
  // The browser runs on this machine: its calendar day is this process's local one (YYYY-MM-DD).
  startedAt = new Date().toLocaleDateString('sv-SE');
  const caseIds = [
    await submitWithDocument('王五'),
    await submitWithDocument('赵六'),
    await submitWithDocument('钱七'),
  ];
  const [first, second, third] = await Promise.all(
    caseIds.map((id) => openTask(id, 'housingReview', worker)),
  );
  decided = {
    caseId: caseIds[0],
    housing: first,
    education: await openTask(caseIds[0], 'educationReview', education),
  };
  other = second;
  breached = third;
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

describe('journey 2: the department workbench', () => {
  it('a worker filters the queue, claims, opens the document and decides with outputs, by keyboard only', async () => {
    const page = await pageFor(worker);
    expect(new URL(page.url()).pathname).toBe('/work');
    await page.getByRole('heading', { name: '部门待办' }).waitFor();
    await settled(page, '项任务');
    await expectAccessible(page, 'queue');

    // Filters: native selects and a date input, each kept in the address bar.
    const filtered = (name: string, value: string) =>
      page.waitForURL((url) => url.searchParams.get(name) === value);
    await page.getByLabel('一件事').selectOption(key);
    await filtered('oneThing', key);
    await page.getByLabel('办理人').selectOption('unassigned');
    await filtered('assignee', 'unassigned');
    await page.getByLabel('提交日期起').fill(startedAt);
    await filtered('submittedFrom', startedAt);
    // Every filter stays: each change kept the others.
    expect(new URL(page.url()).searchParams.get('oneThing')).toBe(key);
    await settled(page, '共 3 项任务');
    const steps = await page.locator('a[data-task-link]').allTextContents();
    // Only housing's step: education's task of the same cases is not listed.
    expect(steps).toHaveLength(3);
    expect(steps.every((step) => step.startsWith('housingReview'))).toBe(true);
    await expectAccessible(page, 'queue, filtered');
    await saveScreenshot(page, 'workbench');

    // Queue → task: Tab to the first task, j/↓ and k/↑ move between tasks, Enter opens.
    await tabTo(page, 'a[data-task-link]');
    const firstHref = await focusedHref(page);
    await page.keyboard.press('j');
    const secondHref = await focusedHref(page);
    expect(secondHref).not.toBe(firstHref);
    await page.keyboard.press('ArrowUp');
    expect(await focusedHref(page)).toBe(firstHref);
    const target = `/work/tasks/${decided.housing.id}`;
    const rows = await attributes(page, 'a[data-task-link]', 'href');
    for (let i = 0; i < rows.indexOf(target); i++) await page.keyboard.press('ArrowDown');
    expect(await focusedHref(page)).toBe(target);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**${target}`);
    await page.getByRole('heading', { name: '任务 housingReview' }).waitFor();
    // Exactly the contract's fields: the employer went to education only.
    expect(await attributes(page, '[data-field]', 'data-field')).toEqual(['fullName']);
    await expectAccessible(page, 'task');

    await tabTo(page, 'button[data-action="claim"]');
    await page.keyboard.press('Enter');
    await page.getByText(`办理人：${worker.username}`).waitFor();
    expect((await taskAs(worker, decided.housing.id)).holder?.accountId).toBe(worker.id);

    // The document through the contract-checked download route: the applicant's very bytes.
    await tabTo(page, 'a[data-attachment="housingProof"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('housing-proof.pdf');
    expect(await readFile(await download.path())).toEqual(proofPdf);

    // Decide: approve (the default), the outputs typed into the form rendered from their schema.
    await tabTo(page, '#root_subsidyNumber');
    await page.keyboard.type('HS-2026-0042');
    await tabTo(page, '#root_monthlySubsidy');
    await page.keyboard.type('1500');
    await tabTo(page, 'button[data-action="decide"]');
    await expectAccessible(page, 'task, decision filled');
    await saveScreenshot(page, 'workbench-task');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '办理结果' }).waitFor();
    const after = await taskAs(worker, decided.housing.id);
    expect({ status: after.status, outputs: after.outputs }).toEqual({
      status: 'approved',
      outputs: { subsidyNumber: 'HS-2026-0042', monthlySubsidy: 1500 },
    });
    // Refusals the test provoked are logged by the browser; @rjsf/mantine's inputs start without a value
    // (React's development warning about an uncontrolled input becoming controlled) — nothing else.
    const problems = problemsOf(page).filter((p) => !/40[134]|uncontrolled input to be controlled/.test(p));
    expect(problems).toEqual([]);
  });

  it("refuses another department's task in words; bulk claim reports each task", async () => {
    const page = await pageFor(worker);
    await page.goto(`/work/tasks/${decided.education.id}`);
    await page.getByRole('heading', { name: '无法查看此任务' }).waitFor();
    await expectAccessible(page, 'refused');
    // The education worker does see it: the refusal is the department boundary, not a broken link.
    expect((await taskAs(education, decided.education.id)).stepId).toBe('educationReview');

    await page.goto(`/work?oneThing=${key}&status=any&submittedFrom=${startedAt}`);
    await settled(page, '共 3 项任务');
    await page.getByLabel(`选择案件 ${decided.caseId.slice(0, 8)} 的 housingReview`).check();
    await page.getByLabel(`选择案件 ${other.caseId.slice(0, 8)} 的 housingReview`).check();
    await page.getByRole('button', { name: '认领所选' }).click();
    const results = page.getByRole('list', { name: '逐项结果' });
    await results.waitFor();
    expect(await results.locator('[data-bulk-result="ok"]').count()).toBe(1);
    expect(await results.locator('[data-bulk-result="failed"]').count()).toBe(1);
    await expectAccessible(page, 'queue, bulk results');
    expect((await taskAs(worker, other.id)).holder?.accountId).toBe(worker.id);
  });

  it('a supervisor reassigns a breached task from the board', async () => {
    // The task workflow's own breach (a timer at the due time) is tested on the time-skipping server
    // (test/sla.int-spec.ts); here the read model of an open task whose time limit has passed.
    const past = new Date(Date.now() - 86_400_000);
    await stack.dataSource
      .getRepository(TaskEntity)
      .update({ id: breached.id }, { sla: { breachedAt: past, dueAt: past, dueSoonAt: past } });

    const page = await pageFor(supervisor);
    await settled(page, '项任务');
    await expectAccessible(page, 'queue, supervisor');
    await page.getByRole('link', { name: '负责人看板' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/work/board');
    const card = page.locator(`[data-board-task="${breached.id}"]`);
    await card.waitFor();
    await card.getByText('已超期').first().waitFor();
    await saveScreenshot(page, 'workbench-board');
    await expectAccessible(page, 'board');

    await card.getByLabel('改派给').selectOption({ label: colleague.username });
    await card.getByLabel('原因').fill('超期，改由同事办理');
    await card.getByRole('button', { name: '改派' }).click();
    await page.getByText(`已改派给 ${colleague.username}。`).waitFor();
    expect((await taskAs(supervisor, breached.id)).holder?.accountId).toBe(colleague.id);
    await expectAccessible(page, 'board, reassigned');
  });

  it("a supervisor retries a step that failed while its department's system was down", async () => {
    const autoKey = `${key}-auto`;
    await publishTestDefinition(stack.dataSource, autoDefinition(autoKey, { retries: 2 }));
    const marketSupervisor = await createPerson(stack, 'department_supervisor', ['market-regulation']);
    await stack.controlDepartment('credit', { mode: 'down' });
    const caseId = await submitCase(stack, autoKey, autoApplication());
    const creditStep = async () => {
      const { body } = await httpCall(stack.baseUrl, 'GET', `/cases/${caseId}`, {
        headers: await stack.headers('administrator'),
      });
      return (body.steps as { stepId: string; status: string }[]).find(
        (step) => step.stepId === 'creditCheck',
      );
    };
    await waitUntil(
      'the credit step failed',
      async () => ((await creditStep())?.status === 'failed' ? true : undefined),
      60_000,
    );
    await stack.controlDepartment('credit', { mode: 'normal' });

    const page = await pageFor(marketSupervisor);
    await page.goto('/work/board');
    const retry = page.getByRole('button', { name: `重试案件 ${caseId.slice(0, 8)} 的 creditCheck` });
    await retry.waitFor();
    await expectAccessible(page, 'board, failed step');
    await retry.focus();
    await page.keyboard.press('Enter');
    await page.getByText(`已重试：案件 ${caseId.slice(0, 8)} 的 creditCheck 重新办理中。`).waitFor();
    await waitUntil(
      'the credit step approved',
      async () => ((await creditStep())?.status === 'approved' ? true : undefined),
      60_000,
    );
  });
});
