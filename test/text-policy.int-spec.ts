import { readFileSync } from 'node:fs';
import type { Role } from '@onething/auth';
import { SAMPLE_CATALOG_DIRECTORY } from '@onething/definition/node';
import { TaskEntity } from '@onething/persistence';
import {
  exampleApplication,
  httpCall,
  startTestStack,
  submitCase,
  TestStack,
  waitUntil,
} from '@onething/testing';

// The one text policy on the real stack: hostile strings in every kind of field the API accepts are
// refused with 400, the policy's code and the field's path, never 5xx, and nothing is written. The case
// they were thrown at is not jammed: it goes on to its result.

let stack: TestStack;
let caseId: string;
let taskId: string;

type Json = Record<string, any>;

async function call(method: string, path: string, role: Role | 'anonymous', body?: unknown) {
  const headers = role === 'anonymous' ? {} : await stack.headers(role);
  return httpCall<Json>(stack.baseUrl, method, path, { headers, body });
}

/** A million characters: a "1 MB" string that still fits the API's 1 MiB body limit. */
const MEGABYTE = 'a'.repeat(1_000_000);

/** One string of each hostile class, with the code the policy answers it with. */
const HOSTILE = {
  nul: { value: 'a\u0000b', code: 'TEXT_CONTROL_CHARACTER' },
  'lone surrogate': { value: 'a\ud800b', code: 'TEXT_LONE_SURROGATE' },
  'bidi override': { value: 'abc\u202etxt.exe', code: 'TEXT_INVISIBLE_CHARACTER' },
  '1 MB': { value: MEGABYTE, code: 'TEXT_TOO_LONG' },
  'whitespace only': { value: ' \u3000\t\n ', code: 'TEXT_BLANK' },
} as const;
type HostileClass = keyof typeof HOSTILE;
const ALL_CLASSES = Object.keys(HOSTILE) as HostileClass[];

/** Every table a refused request could have written to. */
const WRITTEN_TABLES = [
  'cases',
  'case_steps',
  'tasks',
  'outbox_events',
  'idempotency_keys',
  'material_requests',
  'material_notices',
  'material_answers',
  'accounts',
  'refresh_tokens',
  'security_events',
  'calendar_days',
  'definition_versions',
];

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of WRITTEN_TABLES) {
    const [{ n }] = await stack.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = n;
  }
  return counts;
}

/**
 * Sends `request(value)` for each hostile class and expects 400 VALIDATION_FAILED with the class's code
 * at `path`, and no row written anywhere.
 */
async function expectRefused(
  path: string,
  request: (value: string) => Promise<{ status: number; body: Json }>,
  classes: HostileClass[] = ALL_CLASSES,
) {
  const before = await rowCounts();
  const answers: Json[] = [];
  for (const name of classes) {
    const { status, body } = await request(HOSTILE[name].value);
    answers.push({ name, status, code: body?.code, detail: body?.details?.[0] });
  }
  expect(answers).toEqual(
    classes.map((name) => ({
      name,
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: expect.objectContaining({ code: HOSTILE[name].code, path }),
    })),
  );
  expect(await rowCounts()).toEqual(before);
}

beforeAll(async () => {
  stack = await startTestStack();
  // Each role signs in once here, so its sign-in (a session row, a security event) is not counted later.
  for (const role of ['applicant', 'department_worker', 'administrator', 'auditor'] as const)
    await stack.headers(role);
  caseId = await submitCase(stack, 'talent-introduction', exampleApplication());
  // Quiet before the first count: the talent office's task is open and both auto steps are done.
  const task = await waitUntil(
    'the talent office task',
    async () =>
      (await stack.dataSource.getRepository(TaskEntity).findOneBy({ caseId, status: 'open' })) ?? undefined,
  );
  taskId = task.id;
  await waitUntil('both auto steps approved', async () => {
    const { body } = await call('GET', `/cases/${caseId}`, 'applicant');
    return body.steps.filter((step: Json) => step.status === 'approved').length === 2 ? true : undefined;
  });
});
afterAll(async () => {
  await stack.close();
});

describe('hostile text in a case', () => {
  it('refuses it in an application field at submission', async () => {
    await expectRefused('application.fullName', (fullName) =>
      call('POST', '/cases', 'applicant', {
        definitionKey: 'talent-introduction',
        application: exampleApplication({ fullName }),
      }),
    );
  });

  it('refuses zero-width characters in an application name, but not in the language around it', async () => {
    const refused = await call('POST', '/cases', 'applicant', {
      definitionKey: 'talent-introduction',
      application: exampleApplication({ fullName: '张\u200b三' }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details[0]).toMatchObject({
      code: 'TEXT_INVISIBLE_CHARACTER',
      path: 'application.fullName',
    });
  });

  it('refuses it in a decision reason, and the task stays open and undecided', async () => {
    await expectRefused('reason', (reason) =>
      call('POST', `/tasks/${taskId}/decision`, 'department_worker', { decision: 'rejected', reason }),
    );
    const task = await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: taskId });
    expect({ status: task.status, reason: task.decisionReason }).toEqual({ status: 'open', reason: null });
  });

  it('refuses it in a material-request message', async () => {
    await expectRefused('message', (message) =>
      call('POST', `/tasks/${taskId}/material-requests`, 'department_worker', {
        fields: ['employer'],
        message,
      }),
    );
  });

  it("refuses it in the applicant's withdrawal reason", async () => {
    await expectRefused('reason', (reason) =>
      call('POST', `/cases/${caseId}/withdraw`, 'applicant', { reason }),
    );
  });

  it('refuses it in the answer to a notice, then takes a clean answer', async () => {
    const asked = await call('POST', `/tasks/${taskId}/material-requests`, 'department_worker', {
      fields: ['employer'],
      message: '请核对单位名称\r\n（与营业执照一致）',
    });
    expect(asked.status).toBe(201);
    const [notice] = await waitUntil('the notice', async () => {
      const { body } = await call('GET', `/cases/${caseId}/notices`, 'applicant');
      return body.items?.length === 1 ? (body.items as Json[]) : undefined;
    });
    // Multi-line text is stored with its line ends as LF.
    expect(notice.requests[0].message).toBe('请核对单位名称\n（与营业执照一致）');
    const answer = `/cases/${caseId}/notices/${notice.id}/answer`;
    await expectRefused('values.employer', (employer) =>
      call('POST', answer, 'applicant', { values: { employer } }),
    );
    const answered = await call('POST', answer, 'applicant', {
      values: { employer: '  杭州未来科技有限公司 ' },
    });
    expect(answered.status).toBe(200);
  });

  it('still reaches its result after all of it: nothing jammed', async () => {
    await waitUntil('the task open again', async () => {
      const task = await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: taskId });
      return task.status === 'open' ? true : undefined;
    });
    const decided = await call('POST', `/tasks/${taskId}/decision`, 'department_worker', {
      decision: 'approved',
      reason: '  材料齐全\r\n\t同意 ',
    });
    expect(decided.status).toBeLessThan(300);
    const result = await waitUntil('the result', async () => {
      const { body } = await call('GET', `/cases/${caseId}`, 'applicant');
      return body.result ? body : undefined;
    });
    expect(result.status).toBe('approved');
    const task = await stack.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: taskId });
    expect(task.decisionReason).toBe('材料齐全\n\t同意');
  });
});

describe('hostile text elsewhere', () => {
  it('refuses it as a login username, before any account lookup or throttle count', async () => {
    await expectRefused('username', (username) =>
      call('POST', '/auth/login', 'anonymous', { username, password: 'Whatever-Password-1' }),
    );
  });

  it('answers a login username outside the alphabet like a wrong password, never signing in', async () => {
    // The throttle's own tests show full-width spellings folding onto an account; these names fold onto
    // none (a dotted İ, a space), so they are a failed login: 401, not a 400 that would tell them apart.
    for (const username of ['İnspector', 'test applicant']) {
      const { status, body } = await call('POST', '/auth/login', 'anonymous', {
        username,
        password: 'Whatever-Password-1',
      });
      expect({ username, status, code: body.code }).toEqual({
        username,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('refuses it in a calendar note (a blank note is simply no note)', async () => {
    await expectRefused(
      'holidays.0.note',
      (note) =>
        call('PUT', '/admin/calendar/2099', 'administrator', {
          holidays: [{ date: '2099-10-01', note }],
          workdays: [],
        }),
      ['nul', 'lone surrogate', 'bidi override', '1 MB'],
    );
  });

  it("refuses it in a user's displayName", async () => {
    await expectRefused('displayName', (displayName) =>
      call('POST', '/admin/users', 'administrator', {
        username: 'text-policy-user',
        displayName,
        password: 'Tiger-Lily-4242',
        roles: ['applicant'],
      }),
    );
    const zeroWidth = await call('POST', '/admin/users', 'administrator', {
      username: 'text-policy-user',
      displayName: 'Wang\u200dWu',
      password: 'Tiger-Lily-4242',
      roles: ['applicant'],
    });
    expect(zeroWidth.body.details[0]).toMatchObject({
      code: 'TEXT_INVISIBLE_CHARACTER',
      path: 'displayName',
    });
  });

  it('refuses it in a definition source', async () => {
    await expectRefused(
      'source',
      (text) =>
        call('POST', '/definitions/drafts', 'administrator', {
          source: `key: text-policy\ntitle: ${text}\n`,
        }),
      ['nul', 'lone surrogate', 'bidi override', '1 MB'],
    );
    const blank = await call('POST', '/definitions/drafts', 'administrator', { source: ' \n\t\r\n' });
    expect({ status: blank.status, detail: blank.body.details[0] }).toEqual({
      status: 400,
      detail: expect.objectContaining({ code: 'TEXT_BLANK', path: 'source' }),
    });
  });
});

describe('a definition whose escapes smuggle characters in', () => {
  it('is saved as an invalid draft with the policy codes, never stored as a document or published', async () => {
    const sample = readFileSync(`${SAMPLE_CATALOG_DIRECTORY}/talent-settlement.yaml`, 'utf8');
    // The text is clean ASCII escapes; the parsed title holds a NUL and a lone surrogate.
    const source = sample
      .replace('key: talent-settlement', 'key: escaped-text-policy')
      .replace('zh-CN: 人才落户一件事', 'zh-CN: "人才\\0落户"')
      .replace('en: Talent settlement (one thing)', 'en: "Talent \\ud800 settlement"');
    const draft = await call('POST', '/definitions/drafts', 'administrator', { source });
    expect(draft.status).toBe(201);
    expect(draft.body.valid).toBe(false);
    expect(draft.body.issues.map((found: Json) => [found.code, found.pointer])).toEqual(
      expect.arrayContaining([
        ['TEXT_CONTROL_CHARACTER', '/title/zh-CN'],
        ['TEXT_LONE_SURROGATE', '/title/en'],
      ]),
    );
    const [row] = await stack.dataSource.query(
      `SELECT document FROM definition_versions WHERE key = 'escaped-text-policy'`,
    );
    expect(row.document).toBeNull();
    const publish = await call(
      'POST',
      '/definitions/escaped-text-policy/versions/1/publish',
      'administrator',
      {
        revision: draft.body.revision,
      },
    );
    expect({ status: publish.status, code: publish.body.code }).toEqual({
      status: 422,
      code: 'DEFINITION_INVALID',
    });
  });
});

describe('numbers and path parameters', () => {
  it('refuses a definitionVersion beyond what its column holds, and nothing is written', async () => {
    const before = await rowCounts();
    const { status, body } = await call('POST', '/cases', 'applicant', {
      definitionKey: 'talent-introduction',
      definitionVersion: 2_147_483_648,
      application: exampleApplication(),
    });
    expect({ status, detail: body.details[0] }).toEqual({
      status: 400,
      detail: expect.objectContaining({ code: 'too_big', path: 'definitionVersion' }),
    });
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ['GET', '/admin/calendar/0x7e9', 'year', 'administrator'],
    ['PUT', '/admin/calendar/0x7e9', 'year', 'administrator'],
    ['PUT', '/admin/calendar/2025.0', 'year', 'administrator'],
    ['GET', '/admin/calendar/+2025', 'year', 'administrator'],
    ['GET', '/definitions/talent-introduction/versions/2147483648', 'version', 'administrator'],
    ['GET', '/definitions/talent-introduction/versions/0x1', 'version', 'administrator'],
    ['GET', '/definitions/talent-introduction/diff?from=1e0&to=1', 'from', 'administrator'],
    ['GET', '/definitions/versions?limit=1e1', 'limit', 'administrator'],
    ['GET', '/cases?page=2147483648', 'page', 'applicant'],
    ['GET', '/cases?pageSize=0x10', 'pageSize', 'applicant'],
    ['GET', '/cases/not-a-uuid', 'id', 'applicant'],
    ['GET', '/tasks?limit=%201', 'limit', 'department_worker'],
    ['GET', '/me/notifications?page=-0', 'page', 'applicant'],
    ['GET', '/admin/security-events?limit=1.5', 'limit', 'auditor'],
    ['GET', '/admin/security-events?type=login%00failed', 'type', 'auditor'],
  ] as const)('%s %s is 400 at %s', async (method, path, field, role) => {
    const before = await rowCounts();
    const { status, body } = await call(
      method,
      path,
      role,
      method === 'PUT' ? { holidays: [], workdays: [] } : undefined,
    );
    expect({ status, code: body.code, path: body.details[0].path }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      path: field,
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a definition revision beyond int4', async () => {
    const { status, body } = await call(
      'PUT',
      '/definitions/talent-introduction/versions/1',
      'administrator',
      {
        source: 'key: talent-introduction\n',
        revision: 2_147_483_648,
      },
    );
    expect({ status, path: body.details[0].path }).toEqual({ status: 400, path: 'revision' });
  });
});
