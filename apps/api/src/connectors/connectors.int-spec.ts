import { randomUUID } from 'node:crypto';
import {
  fastRetry,
  httpCall,
  startTestStack,
  submitCase,
  text,
  waitUntil,
  type TestStack,
} from '@onething/testing';
import { ConnectorCatalogRepository } from '@onething/persistence';
import type { SimulationInput } from '../../../departments-sim/src';

// The connector catalog on the real stack: administered through /admin/connectors, secrets sealed and
// never shown, each change a version, running cases on the version they started with, and a definition
// whose connector was created through the API running end to end against a configured simulator.

let stack: TestStack;
type Json = Record<string, any>;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

async function call(
  method: string,
  path: string,
  body?: unknown,
  role: 'administrator' | 'auditor' = 'administrator',
) {
  return httpCall<Json>(stack.baseUrl, method, path, { headers: await stack.headers(role), body });
}

const BEARER_SECRET = `bearer-${randomUUID()}`;
const HMAC_SECRET = `hmac-${randomUUID()}`;

function connectorBody(key: string, overrides: Json = {}): Json {
  return {
    key,
    name: { 'zh-CN': '人才认定系统', en: 'Talent certification system' },
    department: 'talent-office',
    baseUrl: `${stack.departments.url}/connectors/${key}`,
    timeoutMs: 3000,
    retry: { maximumAttempts: 10 },
    auth: { type: 'bearer', secret: BEARER_SECRET },
    requestMapping: { residentId: 'idNo' },
    responseMapping: { 'certificate.no': 'certificateNumber' },
    ...overrides,
  };
}

async function simulate(code: string, simulation: SimulationInput): Promise<void> {
  const response = await fetch(`${stack.departments.url}/simulations/${code}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(simulation),
  });
  expect(response.status).toBe(200);
}

/** One auto step calling `connector` with the applicant's resident ID. */
function certificationDefinition(key: string, connector: string): Json {
  return {
    key,
    version: 1,
    title: text('人才认定', 'Talent certification'),
    description: text('连接器目录测试', 'Connector catalog test'),
    leadDepartment: 'talent-office',
    fields: [
      { id: 'residentId', type: 'cn-resident-id', label: text('身份证号', 'Resident ID'), required: true },
    ],
    steps: [
      {
        id: 'certify',
        title: text('认定', 'Certify'),
        department: 'talent-office',
        kind: 'auto',
        connector,
        contract: ['residentId'],
        required: true,
        sla: { workingDays: 1 },
        retry: fastRetry(20),
      },
    ],
    outcome: {
      rule: 'all-required-approved',
      notice: {
        approved: text('已办结 {{caseId}}', 'Approved {{caseId}}'),
        rejected: text('未通过 {{caseId}}', 'Rejected {{caseId}}'),
        partial: text('部分办结 {{caseId}}', 'Partly approved {{caseId}}'),
      },
    },
  };
}

async function publishThroughApi(definition: Json): Promise<void> {
  const draft = await call('POST', '/definitions/drafts', {
    source: JSON.stringify(definition),
    format: 'json',
  });
  expect(draft.status).toBe(201);
  expect(draft.body.valid).toBe(true);
  const published = await call('POST', `/definitions/${definition.key}/versions/1/publish`, {
    revision: draft.body.revision,
  });
  expect(published.status).toBe(200);
}

async function caseStatus(caseId: string): Promise<string> {
  const [row] = await stack.dataSource.query<{ status: string }[]>(`SELECT status FROM cases WHERE id = $1`, [
    caseId,
  ]);
  return row.status;
}

const application = { residentId: '11010519491231002X' };

describe('administering connectors', () => {
  it('creates a connector, shows it without its secret, and lists the seeded ones by keyset pages', async () => {
    const created = await call('POST', '/admin/connectors', connectorBody('admin-created'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: 'admin-created',
      version: 1,
      auth: { type: 'bearer', secretSet: true },
      updatedBy: stack.accounts.administrator.id,
    });
    const shown = await call('GET', '/admin/connectors/admin-created');
    expect(shown.body).toEqual(created.body);

    // Other suites share the schema (the fuzz suite and schemathesis create connectors too): walk every
    // page rather than expect a fixed first one.
    const keys: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call('GET', `/admin/connectors?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      keys.push(...page.body.items.map((c: Json) => c.key as string));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    // Pages neither repeat nor skip a connector (the order is the database's, by key).
    const [{ count }] = await stack.dataSource.query<{ count: string }[]>(`SELECT count(*) FROM connectors`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(Number(count));
    expect(keys).toEqual(expect.arrayContaining(['academic-credentials', 'admin-created', 'credit']));
    const seeded = await call('GET', '/admin/connectors/credit');
    expect(seeded.body).toMatchObject({ version: 1, auth: { type: 'default', secretSet: false } });

    const [row] = await stack.dataSource.query<{ sealed_secret: string; settings: Json }[]>(
      `SELECT sealed_secret, settings FROM connector_versions WHERE key = 'admin-created'`,
    );
    expect(row.sealed_secret).toMatch(/^v1:/);
    expect(row.sealed_secret).not.toContain(BEARER_SECRET);
    expect(JSON.stringify(row.settings)).not.toContain(BEARER_SECRET);
  });

  it.each([
    ['a key that is not kebab-case', { key: 'Not_Kebab' }, 'VALIDATION_FAILED', 'key'],
    ['a base URL that is not http(s)', { baseUrl: 'ftp://x' }, 'VALIDATION_FAILED', 'baseUrl'],
    [
      'an unbounded retry budget',
      { retry: { maximumAttempts: 11 } },
      'VALIDATION_FAILED',
      'retry.maximumAttempts',
    ],
    ['bearer auth without a secret', { auth: { type: 'bearer' } }, 'VALIDATION_FAILED', 'auth.secret'],
    ['an unknown setting', { extra: 1 }, 'VALIDATION_FAILED', 'extra'],
    [
      'a NUL in a request property',
      { requestMapping: { residentId: 'id\u0000No' } },
      'VALIDATION_FAILED',
      'requestMapping.residentId',
    ],
    ['a NUL in the base URL', { baseUrl: 'http://a\u0000b.example' }, 'VALIDATION_FAILED', 'baseUrl'],
    [
      'a bidi override in the name',
      { name: { 'zh-CN': '认定', en: 'abc\u202etxt' } },
      'TEXT_INVISIBLE_CHARACTER',
      'name.en',
    ],
    [
      'an answer path that is not a dotted path',
      { responseMapping: { 'a..b': 'x' } },
      'VALIDATION_FAILED',
      'responseMapping.a..b',
    ],
  ])('refuses %s with the code and the field path, writing nothing', async (_name, overrides, code, path) => {
    const key = `refused-${randomUUID().slice(0, 8)}`;
    const answer = await call('POST', '/admin/connectors', connectorBody(key, overrides));
    expect(answer.status).toBe(400);
    const codes = [answer.body.code, ...(answer.body.details ?? []).map((d: Json) => d.code)];
    expect(codes).toContain(code);
    const paths = [answer.body.path, ...(answer.body.details ?? []).map((d: Json) => d.path)];
    expect(paths).toContain(path);
    expect((await call('GET', `/admin/connectors/${key}`)).status).toBe(404);
  });

  it('refuses a second connector with the same key (409), an unknown one (404) and a made-up cursor (400 INVALID_CURSOR)', async () => {
    await call('POST', '/admin/connectors', connectorBody('twice'));
    const again = await call('POST', '/admin/connectors', connectorBody('twice'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', path: 'key' });
    expect((await call('GET', '/admin/connectors/nowhere')).body).toMatchObject({
      code: 'NOT_FOUND',
      path: 'key',
    });
    expect(
      (await call('PUT', '/admin/connectors/nowhere', connectorBody('x', { key: undefined }))).status,
    ).toBe(404);
    const cursor = await call('GET', '/admin/connectors?cursor=not-a-cursor');
    expect(cursor.status).toBe(400);
    expect(cursor.body).toMatchObject({ code: 'INVALID_CURSOR', path: 'cursor' });
  });

  it('makes each update a new version, audited with who, when and what changed, and keeps the secret when none is given', async () => {
    await call('POST', '/admin/connectors', connectorBody('versioned'));
    const { key: _key, ...settings } = connectorBody('versioned');
    const keptSecret = await call('PUT', '/admin/connectors/versioned', {
      ...settings,
      timeoutMs: 4000,
      auth: { type: 'bearer' },
    });
    expect(keptSecret.status).toBe(200);
    expect(keptSecret.body).toMatchObject({
      version: 2,
      timeoutMs: 4000,
      auth: { type: 'bearer', secretSet: true },
    });
    const newSecret = await call('PUT', '/admin/connectors/versioned', {
      ...settings,
      timeoutMs: 4000,
      auth: { type: 'hmac', secret: HMAC_SECRET },
    });
    expect(newSecret.body.version).toBe(3);

    const history = await call('GET', '/admin/connectors/versioned/versions?limit=2');
    expect(history.body.items).toEqual([
      {
        version: 3,
        createdAt: expect.any(String),
        createdBy: stack.accounts.administrator.id,
        changes: ['auth.type', 'auth.secret'],
      },
      {
        version: 2,
        createdAt: expect.any(String),
        createdBy: stack.accounts.administrator.id,
        changes: ['timeoutMs'],
      },
    ]);
    const rest = await call(
      'GET',
      `/admin/connectors/versioned/versions?limit=2&cursor=${history.body.nextCursor}`,
    );
    expect(rest.body).toEqual({
      items: [expect.objectContaining({ version: 1, changes: ['created'] })],
      nextCursor: null,
    });
  });

  it('is for administrators only', async () => {
    expect((await call('GET', '/admin/connectors', undefined, 'auditor')).status).toBe(403);
  });
});

/** Adds a version with `settings` as stored, past the catalog's schema (an older shape, or written by hand). */
function storeRawVersion(key: string, settings: Json) {
  return stack.dataSource.transaction(async (manager) => {
    const repository = new ConnectorCatalogRepository(manager);
    await repository.lockCurrent(key);
    return repository.addVersion({
      key,
      settings,
      sealedSecret: null,
      changes: ['by hand'],
      createdBy: null,
    });
  });
}

async function allConnectors(): Promise<{ statuses: number[]; items: Json[] }> {
  const statuses: number[] = [];
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const page = await call('GET', `/admin/connectors?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
    statuses.push(page.status);
    items.push(...((page.body.items as Json[] | undefined) ?? []));
    cursor = (page.body.nextCursor as string | null | undefined) ?? null;
  } while (cursor !== null);
  return { statuses, items };
}

describe('a connector whose stored settings the catalog cannot read', () => {
  it('is listed as invalid with the reason among the others, refused alone with 409, and repaired by a new version', async () => {
    const key = `legacy-${randomUUID().slice(0, 8)}`;
    await storeRawVersion(key, {
      name: 'Legacy system',
      department: 'hrss',
      timeoutMs: '3000',
      url: 'http://legacy.example',
      auth: { type: 'basic' },
    });

    const listed = await allConnectors();
    expect(new Set(listed.statuses)).toEqual(new Set([200]));
    expect(listed.items.find((item) => item.key === 'credit')).toMatchObject({
      department: 'market-regulation',
    });
    const bad = listed.items.find((item) => item.key === key);
    expect(bad).toMatchObject({ key, version: 1, invalid: { code: 'CONNECTOR_SETTINGS_INVALID' } });
    expect(bad!.department).toBeUndefined();
    const paths = (bad!.invalid.issues as Json[]).map((issue) => issue.path as string);
    expect(paths).toEqual(expect.arrayContaining(['name', 'timeoutMs', 'auth.type', '']));

    const alone = await call('GET', `/admin/connectors/${key}`);
    expect(alone.status).toBe(409);
    expect(alone.body.code).toBe('CONNECTOR_SETTINGS_INVALID');
    expect((alone.body.details as Json[]).map((detail) => detail.path)).toEqual(paths);
    const history = await call('GET', `/admin/connectors/${key}/versions`);
    expect(history.body.items).toMatchObject([{ version: 1, changes: ['by hand'] }]);

    const { key: _key, ...settings } = connectorBody(key, { auth: { type: 'none' } });
    const repaired = await call('PUT', `/admin/connectors/${key}`, settings);
    expect(repaired.status).toBe(200);
    expect(repaired.body).toMatchObject({ key, version: 2, department: 'talent-office' });
    expect((await call('GET', `/admin/connectors/${key}`)).body).toEqual(repaired.body);
    const changes = (await call('GET', `/admin/connectors/${key}/versions`)).body.items[0]
      .changes as string[];
    expect(changes).toEqual(expect.arrayContaining(['auth.type', 'baseUrl', 'department', 'name']));
  });
});

describe('definitions against the catalog', () => {
  it('reports a step naming an unknown connector with its pointer, line and column, and accepts it once the connector exists', async () => {
    const source = JSON.stringify(certificationDefinition('catalog-check', 'not-yet-there'), null, 2);
    const before = await call('POST', '/definitions/validate', { source, format: 'json' });
    expect(before.body.valid).toBe(false);
    expect(before.body.issues).toContainEqual(
      expect.objectContaining({
        code: 'UNKNOWN_CONNECTOR',
        pointer: '/steps/0/connector',
        line: expect.any(Number),
        column: expect.any(Number),
      }),
    );
    await call('POST', '/admin/connectors', connectorBody('not-yet-there'));
    const after = await call('POST', '/definitions/validate', { source, format: 'json' });
    expect(after.body).toMatchObject({ valid: true, issues: [] });
  });
});

describe('a definition running on a connector created through the API', () => {
  it('runs end to end against the configured simulator, and a running case keeps the connector version it started with', async () => {
    const key = 'talent-certification';
    await simulate(key, {
      auth: { type: 'hmac', secret: HMAC_SECRET },
      outputs: { certificate: { no: 'TC-{{$reference}}' } },
    });
    const created = await call(
      'POST',
      '/admin/connectors',
      connectorBody(key, { auth: { type: 'hmac', secret: HMAC_SECRET } }),
    );
    expect(created.status).toBe(201);
    await publishThroughApi(certificationDefinition('certification-e2e', key));

    // Version 1 sends `idNo`. The department is down while the case starts, so the case is still
    // running when version 2 (sending `personId`) is made.
    await stack.controlDepartment(key, { mode: 'down' });
    const running = await submitCase(stack, 'certification-e2e', application);
    await waitUntil(
      'a first failed call',
      async () => (await stack.departmentCalls(key, { caseId: running })).length > 0,
    );
    const { key: _k, ...settings } = connectorBody(key);
    const updated = await call('PUT', `/admin/connectors/${key}`, {
      ...settings,
      requestMapping: { residentId: 'personId' },
      auth: { type: 'hmac' },
    });
    expect(updated.body.version).toBe(2);
    await stack.controlDepartment(key, { mode: 'normal' });
    await waitUntil('the running case approved', async () => (await caseStatus(running)) === 'approved');
    const oldCalls = await stack.departmentCalls(key, { caseId: running });
    expect(oldCalls.at(-1)!.status).toBe(200);
    expect(Object.keys(oldCalls.at(-1)!.body.data as Json)).toEqual(['idNo']);
    expect(oldCalls.at(-1)!.headers['x-onething-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);

    // A case submitted now calls version 2.
    const later = await submitCase(stack, 'certification-e2e', application);
    await waitUntil('the later case approved', async () => (await caseStatus(later)) === 'approved');
    const newCalls = await stack.departmentCalls(key, { caseId: later });
    expect(Object.keys(newCalls.at(-1)!.body.data as Json)).toEqual(['personId']);
    const pins = await stack.dataSource.query<{ case_id: string; version: number }[]>(
      `SELECT case_id, version FROM case_connector_versions WHERE connector_key = $1 ORDER BY version`,
      [key],
    );
    expect(pins).toEqual([
      { case_id: running, version: 1 },
      { case_id: later, version: 2 },
    ]);
  });

  it('never shows a secret in any answer or log line', async () => {
    const answers = await Promise.all([
      call('GET', '/admin/connectors?limit=100'),
      call('GET', '/admin/connectors/versioned'),
      call('GET', '/admin/connectors/talent-certification/versions'),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(BEARER_SECRET);
      expect(JSON.stringify(answer.body)).not.toContain(HMAC_SECRET);
    }
    const logs = stack.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(BEARER_SECRET);
    expect(logs).not.toContain(HMAC_SECRET);
  });
});
