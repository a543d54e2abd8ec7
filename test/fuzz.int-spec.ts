import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { CallerRole } from '@onething/auth';
import { CaseEntity, CaseStepEntity, NotificationEntity, TaskEntity } from '@onething/persistence';
import {
  arbitraryFromZod,
  autoDefinition,
  declaredRoutes,
  exampleApplication,
  expressRoutes,
  startTestStack,
  TestStack,
  WRITE_METHODS,
  type DeclaredRoute,
} from '@onething/testing';

/**
 * The fuzz suite, driven from the route table: every write route the app declares (read from Nest's
 * metadata, so a new route is fuzzed without a line here) gets hostile strings, numbers, bodies, path
 * parameters and headers from fast-check, once as a caller its `@Allow` admits and once unauthenticated.
 * The edge must never answer 5xx, every 4xx must be a problem-details answer with a code, and a refused
 * request must leave every table as it was.
 */

const SEED = 20261129;
/** Requests per route and caller: bounded so the suite stays well under a minute on a shared machine. */
const RUNS = { authorised: 40, anonymous: 4 };

// ---- hostile values ----

/** Text no field should take as is: control characters, NUL, lone surrogates, bidi and zero-width marks. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDFFFy',
    '\uD83D',
    '\u202Eevil\u202C',
    '\u2066isolate',
    'zero\u200Bwidth',
    '\u0007\u001B[31m\u007F\u0085\u009F',
    '\r\n\t',
    '   ',
    '',
    '../../etc/passwd',
    "'; DROP TABLE cases; --",
    '{{caseId}}',
    '%00',
    'x'.repeat(1_000_000),
    '中'.repeat(300_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** A JSON number token JSON.stringify cannot write (`1e309` parses to Infinity, `-0` keeps its sign). */
class RawJson {
  constructor(readonly token: string) {}
}

const hostileNumber: fc.Arbitrary<unknown> = fc.constantFrom(
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  -1,
  0.5,
  new RawJson('-0'),
  new RawJson('1e309'),
  new RawJson('-1e309'),
  new RawJson('123456789012345678901234567890'),
  'NaN',
  'Infinity',
  '1e3',
  '0x10',
  ' 7',
);

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

/** An object whose own key is `__proto__` (JSON.parse makes them; a literal would set the prototype). */
const withOwnKey = (key: string, value: unknown): Record<string, unknown> => {
  const object: Record<string, unknown> = {};
  Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  return object;
};

const wrongType: fc.Arbitrary<unknown> = fc.constantFrom(null, true, 0, 'text', [], {}, [[]], [{}], {
  length: 1,
});

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 2, arbitrary: wrongType },
  {
    weight: 1,
    arbitrary: fc.constantFrom(nested(40), nested(100), withOwnKey('__proto__', { admin: true })),
  },
);

/** Where a value sits in a body, and how to set it there (on a copy). */
function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [path, ...value.flatMap((v, i) => leafPaths(v, [...path, i]))];
  if (value !== null && typeof value === 'object')
    return [path, ...Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]))];
  return [path];
}

function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = setAt(copy[head], rest, replacement);
  return copy;
}

type Mutation =
  | { kind: 'none' }
  | { kind: 'leaf'; pick: number; value: unknown }
  | { kind: 'key'; key: string; value: unknown }
  | { kind: 'whole'; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('leaf' as const), pick: fc.nat(), value: hostileValue }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('key' as const),
      key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype'), hostileString),
      value: hostileValue,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: hostileValue }) },
);

function mutate(base: unknown, change: Mutation): unknown {
  switch (change.kind) {
    case 'none':
      return base;
    case 'leaf': {
      // A scalar where there is one (a field's value is where validation gaps hide), else any node.
      const paths = leafPaths(base);
      const scalars = paths.filter((path) => {
        const value = path.reduce<unknown>(
          (node, key) => (node as Record<string | number, unknown>)[key],
          base,
        );
        return value === null || typeof value !== 'object';
      });
      const pool = scalars.length > 0 ? scalars : paths;
      return setAt(base, pool[change.pick % pool.length], change.value);
    }
    case 'key':
      return base !== null && typeof base === 'object' && !Array.isArray(base)
        ? { ...base, ...withOwnKey(change.key, change.value) }
        : withOwnKey(change.key, change.value);
    case 'whole':
      return change.value;
  }
}

function serialise(body: unknown): string {
  const tokens: string[] = [];
  const text = JSON.stringify(body, (_key, value: unknown) => {
    if (!(value instanceof RawJson)) return value;
    tokens.push(value.token);
    return `@@raw${tokens.length - 1}@@`;
  });
  return text.replace(/"@@raw(\d+)@@"/g, (_m, i: string) => tokens[Number(i)]);
}

// ---- headers and path parameters ----

const headerChange: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'gzip, gzip').map((e) => ({
      'content-encoding': e,
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'application/json; charset=latin1',
        'application/json; charset=bogus',
        'application/json; charset=utf-16',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=z',
        'application/xml',
        'application/json; charset',
        '*/*',
      )
      .map((type) => ({ 'content-type': type })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('*', 'xx-YY', 'en;q=abc', 'zh-Hant-TW', ';;,,')
      .map((l) => ({ 'accept-language': l })),
  },
);

/** A path segment as it goes on the wire: UTF-8, percent-encoded (lone surrogates become U+FFFD). */
const encodeSegment = (value: string) =>
  [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).padStart(2, '0')}`,
    )
    .join('');

/**
 * Path parameters no route may take for a real object: numbers in other notations or out of range, a
 * padded number, a NUL. A 2xx with one of these in the path means the route parsed it loosely
 * (`PUT /admin/calendar/0x7e9` taken as 2025).
 */
const MALFORMED_SEGMENTS = [
  '0x7e9',
  '99999999999999999999',
  String(2 ** 31),
  '-1',
  '-0',
  '1e3',
  'NaN',
  '%202031',
  '2031%20',
  '%00',
];

/** Already on the wire: the malformed ones, traversal, broken percent-encodings, an overlong segment. */
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...MALFORMED_SEGMENTS,
    '..',
    '%2e%2e%2f%2e%2e',
    '%ZZ',
    '%E0%A4%A',
    '00000000-0000-0000-0000-000000000000',
    'not-a-uuid',
    'x'.repeat(4000),
  ),
  fc.string({ unit: 'binary', maxLength: 24 }).map(encodeSegment),
);

// ---- the stack, real objects to aim at, and the tables a refused request must not touch ----

let stack: TestStack;
/** Real values for a path parameter, by the literal segment before it (`tasks/:id`): a new route with a
 *  known kind of object hits real rows; an unknown parameter still gets schema-made and hostile values. */
let realParams: Record<string, string[]>;
let departmentSecret: string;
let fingerprintQuery: string;

/** Tables a refused request may legitimately write: the security-event log (failed sign-ins are
 *  recorded on purpose), throttling state, and the migrations bookkeeping. */
const WRITTEN_ON_REFUSAL = /^(security_events|.*throttl.*|.*rate_limit.*|.*attempts?|migrations|typeorm_.*)$/;
/** Rows a refused request leaves on purpose, as a record of the refusal: only the others are watched. */
const WATCHED_ROWS: Record<string, string> = {
  // An answer the workflow refuses stays, marked refused (case-actions.service: "changes nothing").
  material_answers: `status <> 'refused'`,
};

async function fingerprint(): Promise<Record<string, string>> {
  const [row] = await stack.dataSource.query<{ tables: Record<string, string> }[]>(fingerprintQuery);
  return row.tables;
}

const unique = () => randomUUID().slice(0, 8);

beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
  const admin = await stack.headers('administrator');
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return (await response.json()) as Record<string, string>;
  };
  departmentSecret = (await post('/admin/departments/talent-office/credentials', { label: 'fuzz' })).secret!;
  // Objects the fuzzer may change at will: nobody's sign-in depends on them.
  const department = (
    await post('/admin/departments', { code: `fuzz-${unique()}`, nameZh: '模糊', nameEn: 'Fuzz' })
  ).code;
  const account = await post('/admin/users', {
    username: `fuzz-${unique()}`,
    displayName: 'Fuzz',
    password: 'Tiger-Lily-4242',
    roles: ['applicant'],
  });
  const credential = await post(`/admin/departments/${department}/credentials`, { label: 'fuzz' });
  await post('/definitions/drafts', {
    source: JSON.stringify(autoDefinition('fuzz-definition')),
    format: 'json',
  });
  const caseId = randomUUID();
  const applicant = stack.accounts.applicant.id;
  await stack.dataSource.getRepository(CaseEntity).insert({
    id: caseId,
    definitionKey: 'talent-introduction',
    definitionVersion: 1,
    status: 'submitted',
    application: {},
    result: null,
    workflowId: `case-${caseId}`,
    completedAt: null,
    applicantAccountId: applicant,
    submittedByAccountId: applicant,
  });
  await stack.dataSource.getRepository(CaseStepEntity).insert({
    caseId,
    stepId: 'talent_officeStep',
    department: 'talent-office',
    status: 'pending',
    reason: null,
    startedAt: null,
    completedAt: null,
  });
  const noticeId = randomUUID();
  await stack.dataSource.query(`INSERT INTO material_notices (id, case_id, status) VALUES ($1, $2, 'open')`, [
    noticeId,
    caseId,
  ]);
  // A decided task: an allowed decision meets 409 without a workflow to run it.
  const task = await stack.dataSource.getRepository(TaskEntity).save({
    caseId,
    stepId: 'talent_officeStep',
    department: 'talent-office',
    status: 'approved' as const,
    data: {},
    workflowId: `task-${randomUUID()}`,
    decisionReason: null,
    decidedBy: null,
    decidedAt: new Date(),
  });
  const notification = await stack.dataSource.getRepository(NotificationEntity).save({
    recipientAccountId: stack.accounts.administrator.id,
    caseId,
    kind: 'case-result' as const,
    title: { 'zh-CN': '模糊', en: 'Fuzz' },
    body: { 'zh-CN': '模糊', en: 'Fuzz' },
    data: {},
    dedupeKey: `fuzz-${unique()}`,
    readAt: null,
  });
  realParams = {
    'cases/:id': [caseId],
    'steps/:stepId': ['talent_officeStep'],
    'notices/:noticeId': [noticeId],
    'tasks/:id': [task.id],
    'users/:id': [account.id],
    'departments/:code': [department],
    'credentials/:id': [credential.id],
    'notifications/:id': [notification.id],
    'calendar/:year': ['2033'],
    'definitions/:key': ['fuzz-definition', 'talent-introduction'],
    'versions/:version': ['1'],
  };
  const tables = (
    await stack.dataSource.query<{ tablename: string }[]>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
    )
  )
    .map((t) => t.tablename)
    .filter((t) => !WRITTEN_ON_REFUSAL.test(t));
  // Rows and the newest row version (xmin) of each table: an insert, update or delete changes one of them.
  fingerprintQuery = `SELECT json_build_object(${tables
    .map(
      (t) =>
        `'${t}', (SELECT count(*)::text || '/' || coalesce(max(xmin::text::bigint), 0)::text FROM "${t}" WHERE ${WATCHED_ROWS[t] ?? 'true'})`,
    )
    .join(', ')}) AS tables`;
});
afterAll(async () => {
  await stack?.close();
});

// ---- requests ----

interface FuzzRequest {
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Known-good bodies where a route's schema cannot say what is valid (a definition's form, a source, a
 * password's strength): without one, most requests would stop at the first rule and never reach storage.
 */
function seedBodies(route: DeclaredRoute): unknown[] {
  const definition = JSON.stringify(autoDefinition('fuzz-definition'));
  switch (route.key) {
    case 'POST /cases':
      return [{ definitionKey: 'talent-introduction', application: exampleApplication() }];
    case 'POST /definitions/drafts':
    case 'POST /definitions/validate':
    case 'POST /definitions/preview':
      return [{ source: definition, format: 'json' }];
    case 'PUT /definitions/:key/versions/:version':
      return [{ source: definition, format: 'json', revision: 1 }];
    case 'POST /admin/users':
      return [
        {
          username: `fuzz-${unique()}`,
          displayName: 'Fuzz',
          password: 'Tiger-Lily-4242',
          roles: ['applicant'],
        },
      ];
    case 'POST /admin/users/:id/password':
      return [{ password: 'Tiger-Lily-4242' }];
    case 'POST /tasks/:id/reassign':
      return [{ toDepartment: 'talent-office', reason: 'Fuzz' }];
    default:
      return [];
  }
}

function requestArbitrary(
  route: DeclaredRoute,
  auth: Record<string, string>,
  options: { hostile: boolean } = { hostile: true },
): fc.Arbitrary<FuzzRequest> {
  const segments = route.path.split('/');
  const paramArbitraries = segments.map((segment, i) => {
    if (!segment.startsWith(':')) return fc.constant(segment);
    const name = segment.slice(1);
    const real = realParams[`${segments[i - 1]}/${segment}`] ?? [];
    const schema = route.params[name];
    const fromSchema = schema
      ? arbitraryFromZod(schema).map((v) => encodeSegment(String(v)))
      : fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme-ascii' }).map(encodeSegment);
    if (!options.hostile) return real.length > 0 ? fc.constantFrom(...real) : fromSchema;
    return fc.oneof(
      ...(real.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...real) }] : []),
      { weight: 1, arbitrary: fromSchema },
      { weight: 1, arbitrary: hostileSegment },
    );
  });
  const seeds = seedBodies(route);
  const base: fc.Arbitrary<unknown> = fc.oneof(
    ...(seeds.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...seeds) }] : []),
    { weight: 1, arbitrary: route.body ? arbitraryFromZod(route.body) : fc.jsonValue({ maxDepth: 2 }) },
  );
  const idempotencyKey =
    route.key === 'POST /cases' ? fc.option(fc.uuid(), { nil: undefined }) : fc.constant(undefined);
  return fc
    .record({
      segments: fc.tuple(...paramArbitraries),
      base,
      change: options.hostile ? mutation : fc.constant<Mutation>({ kind: 'none' }),
      header: options.hostile ? headerChange : fc.constant({}),
      idempotencyKey,
    })
    .map(({ segments: path, base: body, change, header, idempotencyKey: key }) => ({
      path: path.join('/'),
      headers: {
        'content-type': 'application/json',
        ...auth,
        ...(key ? { 'idempotency-key': key } : {}),
        ...header,
      },
      body: serialise(mutate(body, change)),
    }));
}

async function authorisationOf(role: CallerRole): Promise<Record<string, string>> {
  if (role === 'department_system') return { authorization: `Bearer ${departmentSecret}` };
  const { authorization } = await stack.headers(role);
  return { authorization: authorization };
}

/** One request, checked against every promise; refused ones against the tables' state before it. */
class Fuzzer {
  readonly failures: string[] = [];
  readonly statuses = new Map<number, number>();
  sent = 0;
  private state: Record<string, string> = {};

  /** Signing in writes a refresh token: the state a refused request must keep is taken after it. */
  async settle(): Promise<void> {
    this.state = await fingerprint();
  }

  async send(route: DeclaredRoute, who: string, request: FuzzRequest): Promise<number> {
    const response = await fetch(`${stack.baseUrl}${request.path}`, {
      method: route.method,
      headers: request.headers,
      body: request.body,
    });
    const text = await response.text();
    const status = response.status;
    this.sent += 1;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    const where = `${route.key} as ${who}: ${request.path.slice(0, 80)} ${JSON.stringify(
      request.headers['content-encoding'] ?? request.headers['content-type'],
    )} ${(request.body ?? '').slice(0, 160)}`;
    if (status >= 500) this.failures.push(`${status} ${where} → ${text.slice(0, 200)}`);
    if (status >= 400) {
      let problem: { code?: unknown; status?: unknown; type?: unknown; title?: unknown } = {};
      try {
        problem = JSON.parse(text) as typeof problem;
      } catch {
        // reported below
      }
      if (
        !/^application\/problem\+json/.test(response.headers.get('content-type') ?? '') ||
        typeof problem.code !== 'string' ||
        problem.status !== status ||
        typeof problem.type !== 'string' ||
        typeof problem.title !== 'string'
      )
        this.failures.push(`uncoded ${status} ${where} → ${text.slice(0, 200)}`);
    }
    if (status < 300 && who === 'anonymous' && route.access?.kind !== 'public')
      this.failures.push(`anonymous ${status} ${where}`);
    if (status < 300 && request.path.split('/').some((segment) => MALFORMED_SEGMENTS.includes(segment)))
      this.failures.push(`accepted a malformed path parameter, ${status} ${where}`);
    const after = await fingerprint();
    if (status >= 300) {
      const changed = Object.keys(after).filter((t) => after[t] !== this.state[t]);
      if (changed.length > 0)
        this.failures.push(`refused ${status} but wrote ${changed.join(', ')}: ${where}`);
    }
    this.state = after;
    return status;
  }

  report(test: string, started: number): string {
    const statuses = Object.fromEntries([...this.statuses].sort(([a], [b]) => a - b));
    return `fuzz (${test}): ${this.sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(statuses)}`;
  }
}

const writeRoutes = () => declaredRoutes(stack.api).filter((r) => WRITE_METHODS.includes(r.method));

/** The first role a route's `@Allow` admits, signed in; or none for public and undeclared routes. */
async function allowedCaller(route: DeclaredRoute) {
  const role = route.access?.kind === 'roles' ? route.access.roles[0] : undefined;
  if (role) return { who: role as string, auth: await authorisationOf(role) };
  return route.access?.kind === 'public' ? { who: 'anonymous (public)', auth: {} } : undefined;
}

/** Values no field may turn into a 5xx, set into each field of a body that passed validation once. */
const POISON: unknown[] = ['a\u0000b', 'x\uD800y', 'x'.repeat(1_000_000), 2 ** 31, new RawJson('1e309')];
const PROBES = 8;
const describePoison = (poison: unknown) =>
  poison instanceof RawJson
    ? poison.token
    : typeof poison === 'string' && poison.length > 100
      ? `<${poison.length} chars>`
      : JSON.stringify(poison);

let requestsSent = 0;
afterAll(() => {
  console.log(`fuzz: ${requestsSent} requests sent in all`);
});

describe('the fuzz suite, driven from the route table', () => {
  it('knows every write route the running app serves', () => {
    const declared = declaredRoutes(stack.api).map((r) => r.key);
    const served = expressRoutes(stack.api).filter((r) => WRITE_METHODS.includes(r.split(' ')[0]));
    expect(served.length).toBeGreaterThan(20);
    expect(served.filter((r) => !declared.includes(r))).toEqual([]);
  });

  it('answers random hostile requests to every write route without a 5xx, with a coded problem, writing nothing when refusing', async () => {
    const routes = writeRoutes();
    const fuzzer = new Fuzzer();
    const started = Date.now();
    for (const route of routes) {
      const allowed = await allowedCaller(route);
      const callers = [
        { who: 'anonymous', auth: {}, runs: RUNS.anonymous },
        ...(allowed ? [{ ...allowed, runs: RUNS.authorised }] : []),
      ];
      await fuzzer.settle();
      for (const caller of callers) {
        const samples = fc.sample(requestArbitrary(route, caller.auth), {
          seed: SEED + fuzzer.sent,
          numRuns: caller.runs,
        });
        for (const request of samples) await fuzzer.send(route, caller.who, request);
      }
    }
    requestsSent += fuzzer.sent;
    console.log(fuzzer.report(`random, ${routes.length} write routes`, started));
    expect(fuzzer.failures).toEqual([]);
    expect(fuzzer.sent).toBeGreaterThan(routes.length * RUNS.authorised);
  });

  it('poisons each field of a body that passed validation, for every write route, without a 5xx', async () => {
    const routes = writeRoutes();
    const fuzzer = new Fuzzer();
    const started = Date.now();
    const unreached: string[] = [];
    const accepted = new Set<string>();
    for (const route of routes) {
      const allowed = await allowedCaller(route);
      // A route that reads no body ignores one: the random pass covers what its parser does with it.
      if (!allowed || !route.body) continue;
      await fuzzer.settle();
      // Probe for a body the route's validation takes (any answer but 400/415/422): real path objects,
      // the route's seed or its schema's shape, no hostile value.
      const probes = fc.sample(requestArbitrary(route, allowed.auth, { hostile: false }), {
        seed: SEED,
        numRuns: PROBES,
      });
      let valid: FuzzRequest | undefined;
      for (const probe of probes) {
        const status = await fuzzer.send(route, allowed.who, probe);
        if (![400, 415, 422].includes(status)) {
          valid = probe;
          break;
        }
      }
      if (!valid?.body) {
        unreached.push(route.key);
        continue;
      }
      const body = JSON.parse(valid.body) as unknown;
      for (const path of leafPaths(body).filter((p) => p.length > 0)) {
        for (const poison of POISON) {
          const idempotency: Record<string, string> = valid.headers['idempotency-key']
            ? { 'idempotency-key': randomUUID() }
            : {};
          const status = await fuzzer.send(route, allowed.who, {
            ...valid,
            headers: { ...valid.headers, ...idempotency },
            body: serialise(setAt(body, path, poison)),
          });
          // Not a failure of the edge (the text policy decides what a field takes), but worth seeing.
          if (status < 300) accepted.add(`${route.key} ${path.join('.')}=${describePoison(poison)}`);
        }
      }
    }
    requestsSent += fuzzer.sent;
    console.log(
      `${fuzzer.report('each field poisoned', started)}; no validated body found for ${unreached.length} routes: ${unreached.join(', ')}; poison accepted (2xx): ${[...accepted].join('; ') || 'none'}`,
    );
    expect(fuzzer.failures).toEqual([]);
  });
});
