import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { TaskEntity } from '@onething/persistence';
import type { Role } from '@onething/auth';
import {
  exampleApplication,
  expressRoutes,
  httpCall,
  routeFor,
  startTestStack,
  submitCase,
  TestStack,
  waitUntil,
} from '@onething/testing';
import { openApiPath } from './openapi-document';

/**
 * The OpenAPI document: valid OpenAPI 3.1, complete (every route Express serves is in it), and true
 * (what the routes answer matches it). Every `httpCall` of the integration suite checks its answer
 * against the document's schemas too (test/support/response-conformance.ts); here each GET route gets a
 * dedicated sample call.
 */

type Json = Record<string, any>;
let stack: TestStack;
let document: Json;

beforeAll(async () => {
  stack = await startTestStack();
  document = (await httpCall<Json>(stack.baseUrl, 'GET', '/docs/openapi.json')).body;
}, 180_000);

afterAll(() => stack?.close());

it('validates as OpenAPI 3.1 with @seriousme/openapi-schema-validator', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'openapi-')), 'openapi.json');
  await writeFile(file, JSON.stringify(document));
  const cli = resolve('node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
  const { stdout } = await promisify(execFile)(process.execPath, [cli, file]);
  expect(document.openapi).toBe('3.1.0');
  expect(JSON.parse(stdout.slice(stdout.indexOf('{')))).toMatchObject({ valid: true });
});

it('documents every route Express serves, and no route it does not', () => {
  const served = expressRoutes(stack.api).map((key) => {
    const [method, path] = key.split(' ');
    return `${method} ${openApiPath(path)}`;
  });
  const documented = Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.keys(item as Json).map((method) => `${method.toUpperCase()} ${path}`),
  );
  expect(served.length).toBeGreaterThan(40);
  expect(documented.sort()).toEqual([...new Set(served)].sort());
});

it('documents the routes the CLI calls (apps/cli publish)', () => {
  expect(document.paths['/definitions/drafts'].post.responses['201']).toBeDefined();
  expect(document.paths['/definitions/{key}/versions/{version}/publish'].post.responses['200']).toBeDefined();
});

it('declares bearer security, problem-details errors and the page shape', () => {
  expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  const list = document.paths['/cases'].get;
  expect(list.security).toEqual([{ bearer: [] }]);
  expect(list.parameters.map((p: Json) => p.name)).toEqual(expect.arrayContaining(['limit', 'cursor']));
  expect(list.responses.default.content['application/problem+json'].schema.$ref).toBe(
    '#/components/schemas/ProblemDetails',
  );
  const page = list.responses['200'].content['application/json'].schema;
  expect(Object.keys(page.properties)).toEqual(['items', 'nextCursor', 'total']);
  expect(document.paths['/health'].get.security).toEqual([]);
});

it('serves an explorer page that loads its script from this origin', async () => {
  const page = await fetch(`${stack.baseUrl}/docs`);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  expect(await page.text()).toContain('<script src="/docs/explorer.js"></script>');
  const script = await fetch(`${stack.baseUrl}/docs/explorer.js`);
  expect(script.status).toBe(200);
  expect(await script.text()).toContain("fetch('/docs/openapi.json')");
});

/** GET routes whose 200 needs more than one open case, and the suite that answers them. */
const COVERED_ELSEWHERE: Record<string, string> = {
  'GET /me/materials/:sha256/content': 'apps/api/src/uploads/uploads.int-spec.ts (an upload)',
  'GET /tasks/:id/attachments/:sha256': 'apps/api/src/uploads/uploads.int-spec.ts (a task holding one)',
  'GET /cases/:id/result.json': 'apps/api/src/results/results.int-spec.ts (a closed case)',
  'GET /cases/:id/result.pdf': 'apps/api/src/results/results.int-spec.ts (a closed case)',
  'GET /verify/:id': 'apps/api/src/results/results.int-spec.ts (an issued result and its signature)',
  'GET /webhooks/subscriptions/:id': 'test/webhooks.int-spec.ts (a subscription)',
  'GET /webhooks/subscriptions/:id/deliveries': 'test/webhooks.int-spec.ts (a subscription)',
  'GET /webhooks/deliveries/:id': 'test/webhooks.int-spec.ts (a delivery and its attempt log)',
  'GET /cases/:id/offer': 'apps/api/src/proactive/proactive.int-spec.ts (a case an inbound event offered)',
};

describe('every GET route answers what the document says', () => {
  const samples: Record<string, Json> = {};

  beforeAll(async () => {
    const caseId = await submitCase(stack, 'talent-introduction', exampleApplication());
    const task = await waitUntil(
      'the case opens its task',
      async () => (await stack.dataSource.getRepository(TaskEntity).findOneBy({ caseId })) ?? undefined,
    );
    samples.ids = {
      id: caseId,
      key: 'talent-introduction',
      version: '1',
      year: String(new Date().getFullYear()),
      code: 'talent-office',
    };
    samples.taskId = { id: task.id };
    samples.userId = { id: stack.accounts.applicant.id };
    // One of the connectors the catalog is seeded with.
    samples.connector = { key: 'credit' };
  }, 120_000);

  /** A caller the route admits, and its path with sample values. */
  function sample(method: string, path: string): { role: Role; path: string } {
    const route = routeFor(stack.baseUrl, method, path.replace(/:\w+/g, 'x'))!;
    const access = route.access;
    const roles = access?.kind === 'roles' ? access.roles : ['administrator'];
    const preferred: Role[] = ['administrator', 'department_worker', 'applicant'];
    const role = preferred.find((r) => roles.includes(r)) ?? (roles[0] as Role);
    const values: Json = path.startsWith('/tasks')
      ? samples.taskId
      : path.startsWith('/admin/users')
        ? samples.userId
        : path.startsWith('/admin/connectors')
          ? samples.connector
          : samples.ids;
    const filled = path.replace(/:(\w+)/g, (_, name: string) => String(values[name] ?? ''));
    const query = path.endsWith('/diff') ? '?from=1&to=1' : '';
    return { role, path: filled + query };
  }

  it('for each GET route, a sample call conforms to its response schema', async () => {
    const gets = expressRoutes(stack.api).filter((key) => key.startsWith('GET '));
    const answered: string[] = [];
    for (const key of gets) {
      const { role, path } = sample('GET', key.slice(4));
      const headers =
        role === 'department_worker' && path.startsWith('/cases') ? {} : await stack.headers(role);
      // httpCall throws when an answer does not match the document's schema.
      const response = await httpCall(stack.baseUrl, 'GET', path, { headers });
      expect([key, response.status]).toEqual([key, expect.any(Number)]);
      if (response.status === 200) answered.push(key);
    }
    // Each GET route answered 200 at least once with its sample (none fell back to an error), but those
    // whose sample needs more state than one open case: their own suites call them through httpCall,
    // which checks every answer against the document too.
    expect(gets.filter((key) => !answered.includes(key) && !(key in COVERED_ELSEWHERE))).toEqual([]);
  });
});
