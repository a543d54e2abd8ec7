import { readFileSync } from 'node:fs';
import { DEFINITION_SCHEMA_FILE, SAMPLE_CATALOG_DIRECTORY } from '@onething/definition/node';
import { DefinitionVersionEntity } from '@onething/persistence';
import { httpCall, startTestStack, TestStack } from '@onething/testing';
import type { Role } from '@onething/auth';

let stack: TestStack;
let admin: Record<string, string>;

beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
  admin = await stack.headers('administrator');
});
afterAll(async () => {
  await stack.close();
});

const sampleText = (name: string) => readFileSync(`${SAMPLE_CATALOG_DIRECTORY}/${name}.yaml`, 'utf8');
let keys = 0;
/** The talent settlement sample under a key of its own, so tests never share versions. */
function sampleUnderNewKey(): { key: string; source: string } {
  keys += 1;
  const key = `settlement-${keys}-${Date.now().toString(36)}`;
  return { key, source: sampleText('talent-settlement').replace('key: talent-settlement', `key: ${key}`) };
}

type Json = Record<string, any>;
async function call(method: string, path: string, body?: unknown, headers = admin) {
  return httpCall<Json>(stack.baseUrl, method, path, { body, headers });
}

async function rows(key: string) {
  return stack.dataSource
    .getRepository(DefinitionVersionEntity)
    .find({ where: { key }, order: { version: 'ASC' } });
}

async function createDraft(source: string, extra: Json = {}) {
  const created = await call('POST', '/definitions/drafts', { source, ...extra });
  expect(created.status).toBe(201);
  return created.body;
}

describe('definition drafts', () => {
  it('saves a draft as version 1 of a new key, with its revision and no errors', async () => {
    const { key, source } = sampleUnderNewKey();
    const draft = await createDraft(source);
    expect(draft).toMatchObject({ key, version: 1, status: 'draft', revision: 1, valid: true, source });
    expect(draft.document.key).toBe(key);
    expect(draft.issues.filter((i: Json) => i.severity === 'error')).toEqual([]);
    expect(draft.title['zh-CN']).toBe('人才落户一件事');

    const read = await call('GET', `/definitions/${key}/versions/1`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ key, version: 1, revision: 1, source });
  });

  it('numbers a second draft of the same key one above the highest version, whatever the source says', async () => {
    const { key, source } = sampleUnderNewKey();
    await createDraft(source);
    const second = await createDraft(source.replace('version: 1', 'version: 7'));
    expect(second.version).toBe(2);
    expect(second.document.version).toBe(2);
    expect((await rows(key)).map((r) => r.version)).toEqual([1, 2]);
  });

  it('gives drafts created at the same moment distinct consecutive versions', async () => {
    const { key, source } = sampleUnderNewKey();
    const created = await Promise.all([1, 2, 3].map(() => call('POST', '/definitions/drafts', { source })));
    expect(created.map((c) => c.status)).toEqual([201, 201, 201]);
    expect(created.map((c) => Number(c.body.version)).sort()).toEqual([1, 2, 3]);
    expect((await rows(key)).map((r) => r.version)).toEqual([1, 2, 3]);
  });

  it('lets only one of two publishes holding the same revision win', async () => {
    const { key, source } = sampleUnderNewKey();
    await createDraft(source);
    const both = await Promise.all(
      [1, 2].map(() => call('POST', `/definitions/${key}/versions/1/publish`, { revision: 1 })),
    );
    expect(both.map((b) => b.status).sort()).toEqual([200, 409]);
    expect((await rows(key)).map((r) => [r.status, r.revision])).toEqual([['published', 2]]);
  });

  it('updates a draft with the revision it read and bumps the revision', async () => {
    const { key, source } = sampleUnderNewKey();
    await createDraft(source);
    const edited = source.replace('sla: { workingDays: 10 }', 'sla: { workingDays: 12 }');
    const updated = await call('PUT', `/definitions/${key}/versions/1`, { source: edited, revision: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ revision: 2, source: edited });
  });

  it('refuses the second save of two administrators holding the same revision with 409 CONFLICT, keeping the first', async () => {
    const { key, source } = sampleUnderNewKey();
    await createDraft(source);
    const first = source.replace('sla: { workingDays: 10 }', 'sla: { workingDays: 11 }');
    const second = source.replace('sla: { workingDays: 10 }', 'sla: { workingDays: 13 }');
    expect((await call('PUT', `/definitions/${key}/versions/1`, { source: first, revision: 1 })).status).toBe(
      200,
    );
    const stale = await call('PUT', `/definitions/${key}/versions/1`, { source: second, revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'CONFLICT', path: 'revision' });
    const [row] = await rows(key);
    expect(row?.source).toBe(first);
    expect(row?.revision).toBe(2);
  });

  it('saves an invalid draft with every issue located (code, pointer, line, both languages) but will not publish it', async () => {
    const { key, source } = sampleUnderNewKey();
    const broken = source
      .replace('department: hrss', 'department: weather')
      .replace('after: [talentCertification]', 'after: [talentCertification, ghost]');
    const draft = await createDraft(broken);
    expect(draft).toMatchObject({ key, version: 1, valid: false, document: null });
    const codes = draft.issues.map((i: Json) => String(i.code));
    expect(codes).toEqual(expect.arrayContaining(['UNKNOWN_DEPARTMENT', 'UNKNOWN_STEP']));
    const department = draft.issues.find((i: Json) => i.code === 'UNKNOWN_DEPARTMENT');
    expect(department).toMatchObject({ pointer: expect.stringMatching(/^\/steps\/\d+\/department$/) });
    expect(department.line).toBeGreaterThan(1);
    expect(department.message['zh-CN']).toBeTruthy();
    expect(department.message.en).toBeTruthy();

    const validated = await call('POST', `/definitions/${key}/versions/1/validate`);
    expect(validated.status).toBe(200);
    expect(validated.body.valid).toBe(false);
    expect(validated.body.issues.map((i: Json) => String(i.code))).toEqual(expect.arrayContaining(codes));

    const publish = await call('POST', `/definitions/${key}/versions/1/publish`, { revision: 1 });
    expect(publish.status).toBe(422);
    expect(publish.body).toMatchObject({ code: 'DEFINITION_INVALID' });
    expect(publish.body.issues.map((i: Json) => String(i.code))).toEqual(expect.arrayContaining(codes));
    expect((await rows(key))[0]?.status).toBe('draft');

    const plan = await call('GET', `/definitions/${key}/versions/1/plan`);
    expect(plan.status).toBe(422);
  });

  it('validates a source without saving anything', async () => {
    const { key, source } = sampleUnderNewKey();
    const result = await call('POST', '/definitions/validate', { source });
    expect(result.status).toBe(200);
    expect(result.body.valid).toBe(true);
    expect(await rows(key)).toEqual([]);
  });

  it('previews an unsaved source as an editor shows it: the plan and the one form once it validates', async () => {
    const { key, source } = sampleUnderNewKey();
    const preview = await call('POST', '/definitions/preview', { source, locale: 'en' });
    expect(preview.status).toBe(200);
    expect(preview.body.valid).toBe(true);
    expect(preview.body.plan.stages.length).toBeGreaterThan(1);
    expect(preview.body.plan.matrix.departments).toEqual(expect.arrayContaining(['talent-office', 'hrss']));
    expect(preview.body.form.schema.type).toBe('object');
    expect(preview.body.form.uiSchema).toBeDefined();

    const broken = source.replace('sla: { workingDays: 10 }', 'sla: { workingDays: ten }');
    const invalid = await call('POST', '/definitions/preview', { source: broken });
    expect(invalid.status).toBe(200);
    expect(invalid.body).toMatchObject({ valid: false, plan: null, form: null });
    const issue = invalid.body.issues.find((i: Json) => i.severity === 'error');
    const line = broken.split('\n').findIndex((text) => text.includes('workingDays: ten')) + 1;
    expect(issue).toMatchObject({ line, path: expect.arrayContaining(['sla', 'workingDays']) });
    expect(await rows(key)).toEqual([]);
  });
});

describe('plan, form and diff of a version', () => {
  it('plans the step graph with parallel stages, the critical path and the data-minimization matrix', async () => {
    const { key, source } = sampleUnderNewKey();
    await createDraft(source);
    const plan = await call('GET', `/definitions/${key}/versions/1/plan`);
    expect(plan.status).toBe(200);
    expect(plan.body.stages.length).toBeGreaterThan(1);
    expect(plan.body.criticalPath.workingDays).toBeGreaterThan(0);
    expect(plan.body.matrix.departments).toEqual(expect.arrayContaining(['talent-office', 'hrss']));
  });

  it('previews the one applicant form in the language asked for', async () => {
    const { key, source } = sampleUnderNewKey();
    await createDraft(source);
    const form = await call('GET', `/definitions/${key}/versions/1/form?locale=en`);
    expect(form.status).toBe(200);
    expect(form.body.schema.type).toBe('object');
    const ids = form.body.fields.map((f: Json) => String(f.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('diffs two versions: a widened contract and an SLA change', async () => {
    const { key, source } = sampleUnderNewKey();
    await createDraft(source);
    await createDraft(
      source
        .replace(
          'contract: [fullName, residentId, employer]',
          'contract: [fullName, residentId, employer, mobile]',
        )
        .replace('sla: { workingDays: 10 }', 'sla: { workingDays: 12 }'),
    );
    const diff = await call('GET', `/definitions/${key}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body.version).toEqual({ from: 1, to: 2 });
    expect(diff.body.contractsWidened).toEqual([expect.objectContaining({ fields: ['mobile'] })]);
    expect(diff.body.slaChanged).toEqual([expect.objectContaining({ from: 10, to: 12 })]);
  });
});

describe('publishing and archiving', () => {
  it('publishes a valid draft, after which the version is immutable through the API and in the database', async () => {
    const { key, source } = sampleUnderNewKey();
    await createDraft(source);
    const published = await call('POST', `/definitions/${key}/versions/1/publish`, { revision: 1 });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', revision: 2, valid: true });
    expect(published.body.publishedAt).toBeTruthy();

    const edit = await call('PUT', `/definitions/${key}/versions/1`, { source, revision: 2 });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('CONFLICT');
    const again = await call('POST', `/definitions/${key}/versions/1/publish`, { revision: 2 });
    expect(again.status).toBe(409);

    await expect(
      stack.dataSource.query(`UPDATE definition_versions SET source = 'tampered' WHERE key = $1`, [key]),
    ).rejects.toThrow(/cannot change/);
    expect((await rows(key))[0]?.source).toBe(source);
  });

  it('refuses to publish with a stale revision', async () => {
    const { key, source } = sampleUnderNewKey();
    await createDraft(source);
    await call('PUT', `/definitions/${key}/versions/1`, { source, revision: 1 });
    const stale = await call('POST', `/definitions/${key}/versions/1/publish`, { revision: 1 });
    expect(stale.status).toBe(409);
    expect((await rows(key))[0]?.status).toBe('draft');
  });

  it('archives a published version, which then cannot be archived again', async () => {
    const { key, source } = sampleUnderNewKey();
    await createDraft(source);
    await call('POST', `/definitions/${key}/versions/1/publish`, { revision: 1 });
    const archived = await call('POST', `/definitions/${key}/versions/1/archive`, { revision: 2 });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'archived', revision: 3 });
    expect((await call('POST', `/definitions/${key}/versions/1/archive`, { revision: 3 })).status).toBe(409);
  });
});

describe('listing', () => {
  it('lists versions filtered by key and status, a page at a time, newest first', async () => {
    const { key, source } = sampleUnderNewKey();
    for (let i = 0; i < 3; i += 1) await createDraft(source);
    await call('POST', `/definitions/${key}/versions/1/publish`, { revision: 1 });

    const page = await call('GET', `/definitions/versions?key=${key}&limit=2`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 3, nextCursor: expect.any(String) });
    expect(page.body.items.map((v: Json) => Number(v.version))).toEqual([3, 2]);
    expect(page.body.items[0].source).toBeUndefined();
    const next = await call('GET', `/definitions/versions?key=${key}&limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((v: Json) => Number(v.version))).toEqual([1]);
    expect(next.body.nextCursor).toBeNull();
    const drafts = await call('GET', `/definitions/versions?key=${key}&status=draft`);
    expect(drafts.body.items.map((v: Json) => Number(v.version))).toEqual([3, 2]);

    const definitions = await call('GET', '/definitions?limit=100');
    expect(definitions.status).toBe(200);
    expect(definitions.body.items).toContainEqual(
      expect.objectContaining({ key, versions: 3, latestVersion: 3, publishedVersion: 1, drafts: 2 }),
    );
  });
});

describe('bad input', () => {
  it.each([
    ['a body without source', { format: 'yaml' }, 'source'],
    ['an unknown property', { source: 'key: x', extra: 1 }, 'extra'],
    ['an unknown format', { source: 'key: x', format: 'toml' }, 'format'],
    ['JSON that is not JSON', { source: 'key: not-json', format: 'json' }, 'source'],
    ['a source whose key cannot be read', { source: '{{{' }, 'source'],
    ['a key that disagrees with the source', { source: 'key: alpha-one', key: 'beta-two' }, 'key'],
  ])('answers %s with 400 {code, message, path} and writes nothing', async (_name, body, path) => {
    const before = await stack.dataSource.getRepository(DefinitionVersionEntity).count();
    const response = await call('POST', '/definitions/drafts', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', path, message: expect.any(String) });
    expect(await stack.dataSource.getRepository(DefinitionVersionEntity).count()).toBe(before);
  });

  it('answers a stale update without revision, and a bad version number, with 400', async () => {
    const { key, source } = sampleUnderNewKey();
    await createDraft(source);
    const missing = await call('PUT', `/definitions/${key}/versions/1`, { source });
    expect(missing.status).toBe(400);
    expect(missing.body.path).toBe('revision');
    const badVersion = await call('GET', `/definitions/${key}/versions/zero`);
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.path).toBe('version');
    expect((await rows(key))[0]?.revision).toBe(1);
  });

  it('answers a version that does not exist with 404', async () => {
    expect((await call('GET', '/definitions/no-such-key/versions/1')).status).toBe(404);
  });
});

describe('access', () => {
  const others: Role[] = [
    'applicant',
    'counter_clerk',
    'department_worker',
    'department_supervisor',
    'auditor',
  ];

  it.each(others)('refuses %s with 403 on every admin route and changes nothing', async (role) => {
    const { key, source } = sampleUnderNewKey();
    await createDraft(source);
    const headers = await stack.headers(role);
    const attempts: [string, string, unknown?][] = [
      ['GET', '/definitions'],
      ['GET', '/definitions/versions'],
      ['POST', '/definitions/validate', { source }],
      ['POST', '/definitions/preview', { source }],
      ['POST', '/definitions/drafts', { source }],
      ['GET', `/definitions/${key}/versions/1`],
      ['PUT', `/definitions/${key}/versions/1`, { source: source.replace('10', '11'), revision: 1 }],
      ['POST', `/definitions/${key}/versions/1/validate`],
      ['GET', `/definitions/${key}/versions/1/plan`],
      ['GET', `/definitions/${key}/versions/1/form`],
      ['POST', `/definitions/${key}/versions/1/publish`, { revision: 1 }],
      ['POST', `/definitions/${key}/versions/1/archive`, { revision: 1 }],
      ['GET', `/definitions/${key}/diff?from=1&to=1`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(method, path, body, headers);
      expect(`${method} ${path} ${response.status}`).toBe(`${method} ${path} 403`);
    }
    expect((await rows(key)).map((r) => [r.version, r.status, r.revision, r.source])).toEqual([
      [1, 'draft', 1, source],
    ]);
  });

  it('refuses an anonymous caller with 401', async () => {
    const response = await call('GET', '/definitions', undefined, { 'content-type': 'application/json' });
    expect(response.status).toBe(401);
  });

  it('serves the published JSON Schema to anyone, identical to the file in the repository', async () => {
    const response = await fetch(`${stack.baseUrl}/definitions/schema.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/schema+json');
    expect(await response.text()).toBe(readFileSync(DEFINITION_SCHEMA_FILE, 'utf8'));
  });
});

describe('the demo catalog', () => {
  it('is published when the API starts in development, and a second start changes nothing', async () => {
    const catalog = ['foreign-talent-work-permit', 'talent-housing', 'talent-settlement', 'talent-startup'];
    const development = { withWorker: false, env: { NODE_ENV: 'development' } };
    const first = await startTestStack(development);
    await first.close();
    const second = await startTestStack(development);
    await second.close();
    const published = await stack.dataSource
      .getRepository(DefinitionVersionEntity)
      .find({ where: catalog.map((key) => ({ key, version: 1 })) });
    expect(published.map((row) => [row.key, row.status, row.revision]).sort()).toEqual(
      catalog.map((key) => [key, 'published', 1]),
    );
    expect(second.logs.join('')).toMatch(/demo definition catalog loaded/);
  });
});
