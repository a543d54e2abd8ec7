import { caseReference, departmentCatalog } from '@onething/definition';
import {
  exampleApplication,
  httpCall,
  residentIdWithCreditRecord,
  startTestStack,
  submitCase,
  TestStack,
  waitUntil,
} from '@onething/testing';

// What the applicant actually reads: the notices in their in-app inbox, rendered from the definition's
// templates (talent-introduction in the demo catalog) after real cases ran on the worker.
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

type Json = Record<string, any>;
interface Notice {
  kind: string;
  caseId: string;
  title: { 'zh-CN': string; en: string };
  body: { 'zh-CN': string; en: string };
}

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return httpCall<Json>(stack.baseUrl, method, path, { headers, body });
}

const inboxNotice = (caseId: string, kind: string) =>
  waitUntil(`a ${kind} notice of case ${caseId}`, async () => {
    const { body } = await call(
      'GET',
      `/me/notifications?caseId=${caseId}&kind=${kind}`,
      await stack.headers('applicant'),
    );
    return (body.items as Notice[])[0];
  });

const openTask = async (caseId: string) =>
  waitUntil('the talent office task', async () => {
    const { body } = await call(
      'GET',
      `/tasks?status=open&caseId=${caseId}`,
      await stack.headers('department_worker'),
    );
    return (body.items as { id: string }[])[0];
  });

async function decide(caseId: string) {
  const task = await openTask(caseId);
  const decided = await call('POST', `/tasks/${task.id}/decision`, await stack.headers('department_worker'), {
    decision: 'approved',
  });
  expect(decided.status).toBe(201);
}

const department = (code: string) => departmentCatalog.find((d) => d.code === code)!.name;

function expectRendered(notice: Notice) {
  const texts = [notice.title['zh-CN'], notice.title.en, notice.body['zh-CN'], notice.body.en];
  for (const text of texts) {
    expect(text).not.toContain('{{');
    expect(text).not.toContain('}}');
  }
}

describe('result notices in the inbox', () => {
  it('name the approved steps by title, in each language, with the case reference and date', async () => {
    const caseId = await submitCase(stack, 'talent-introduction', exampleApplication());
    await decide(caseId);

    const notice = await inboxNotice(caseId, 'case-result');
    expectRendered(notice);
    expect(notice.title).toEqual({
      'zh-CN': '「人才引进一件事」办理结果',
      en: expect.stringMatching(/^Result: Talent introduction/),
    });
    expect(notice.body['zh-CN']).toContain('人才认定、信用核查和社保关系转移均已通过');
    expect(notice.body['zh-CN']).toContain(`编号 ${caseReference(caseId)}`);
    expect(notice.body['zh-CN']).toMatch(/于\d{4}年\d{1,2}月\d{1,2}日提交/);
    expect(notice.body.en).toContain(
      'Talent certification, Credit check, and Social insurance transfer approved',
    );
  });

  it('name the step that said no in a rejected result', async () => {
    const caseId = await submitCase(
      stack,
      'talent-introduction',
      exampleApplication({ residentId: residentIdWithCreditRecord() }),
    );
    // The credit check's rejection decides the case: the talent office's task is cancelled (cancel-open).
    const notice = await inboxNotice(caseId, 'case-result');
    expectRendered(notice);
    expect(notice.body['zh-CN']).toContain('未获通过：信用核查');
    expect(notice.body.en).toContain('was not approved: Credit check');
  });
});

describe('material notices in the inbox', () => {
  it('name the departments and the steps that ask, in each language', async () => {
    const caseId = await submitCase(stack, 'talent-introduction', exampleApplication());
    const task = await openTask(caseId);
    const asked = await call(
      'POST',
      `/tasks/${task.id}/material-requests`,
      await stack.headers('department_worker'),
      { fields: ['employer'], message: 'The employer name does not match the register' },
    );
    expect(asked.status).toBe(201);

    const notice = await inboxNotice(caseId, 'material-requested');
    expectRendered(notice);
    expect(notice.title['zh-CN']).toBe('「人才引进一件事」需要补充材料');
    expect(notice.body['zh-CN']).toContain(
      `${department('talent-office')['zh-CN']}需要您补充材料（人才认定）`,
    );
    expect(notice.body.en).toContain(
      `${department('talent-office').en} need more material from you (Talent certification)`,
    );
    expect(notice.body.en).toContain(caseReference(caseId));
  });
});
