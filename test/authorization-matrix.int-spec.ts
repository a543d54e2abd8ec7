import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '@onething/auth';
import { seedYears } from '@onething/calendar-store';
import {
  CaseEntity,
  CaseStepEntity,
  NotificationEntity,
  OutboxEventEntity,
  TaskEntity,
  WebhookDeliveryEntity,
} from '@onething/persistence';
import { expressRoutes, loginAt, startTestStack, TestStack } from '@onething/testing';

/**
 * THE authorization matrix: every route of the API × every kind of caller × (for routes on an object)
 * the caller's own object and someone else's → the expected status. The test reads the routes from the
 * running app's router and fails if one is missing here: a new route is not done until it has a row.
 */

type Caller = 'anonymous' | Role | 'department_system';
const CALLERS: Caller[] = ['anonymous', ...ROLES, 'department_system'];
type Expected = Record<Caller, number>;
type Which = 'own' | 'other';

interface Context {
  stack: TestStack;
  caller: Caller;
  which: Which;
  /** Cases: A submitted by the applicant (talent-office and hrss steps), B by the clerk, C only housing. */
  cases: { a: string; b: string; c: string };
  /** Closed cases with a result: D the applicant's, E submitted by the clerk. */
  closed: { d: string; e: string };
  /** A department, account and credential the matrix may freely change. */
  scratch: { department: string; accountId: string; credentialId: string };
  /** Decided tasks: one of the talent office (the seeded department people's), one of housing. */
  tasks: { own: string; other: string };
  /** A notification for each seeded person, and one for the scratch account (nobody's own). */
  notifications: { own: Record<Role, string>; other: string };
  /** An open notice on case A and one on case B (no workflow runs: an allowed answer meets 409). */
  notices: { a: string; b: string };
  /** Proactive cases awaiting confirmation: the seeded applicant's, and the scratch account's. */
  offers: { own: string; other: string };
  /** SHA-256 of an upload of the applicant (in the own task's data) and of the scratch account. */
  uploads: { own: string; other: string };
  ownAccountId: string;
  /** Webhook subscriptions and dead deliveries (see `webhookFixtures`). */
  webhooks: WebhookFixtures;
}

/**
 * The talent office's subscription (the department system's own) and the housing department's (its
 * "other"); subscriptions and dead deliveries that one caller's successful request may consume
 * (delete, redeliver), so each allowed caller gets its own.
 */
interface WebhookFixtures {
  own: string;
  other: string;
  deletable: { administrator: string; administratorOther: string; department_system: string };
  delivery: { own: string; other: string };
  dead: { administrator: string; administratorOther: string; department_system: string };
}

/** The administrator and the department system each act on their own fixture; the others are refused first. */
const webhookFixture = (
  fixtures: { administrator: string; administratorOther: string; department_system: string },
  { caller, which }: Pick<Context, 'caller' | 'which'>,
  other: string,
) =>
  caller === 'department_system'
    ? which === 'own'
      ? fixtures.department_system
      : other
    : which === 'own'
      ? fixtures.administrator
      : fixtures.administratorOther;

/** Managing: administrators, and the department system for its own department (another's is 404). */
const webhookManagers = {
  own: only({ administrator: 200, department_system: 200 }),
  other: only({ administrator: 200, department_system: 404 }),
};
const webhookReaders = {
  own: only({ administrator: 200, auditor: 200, department_system: 200 }),
  other: only({ administrator: 200, auditor: 200, department_system: 404 }),
};

interface Row {
  request(context: Context): { path: string; body?: unknown };
  /** `other` present: the route acts on an object, tested once as the caller's own, once as another's. */
  expect: { own: Expected; other?: Expected };
}

/** 401 for anonymous, 403 for everyone else, except `allowed`. */
function only(allowed: Partial<Expected>): Expected {
  const base = Object.fromEntries(CALLERS.map((c) => [c, c === 'anonymous' ? 401 : 403])) as Expected;
  return { ...base, ...allowed };
}
const everyone = (status: number): Expected =>
  Object.fromEntries(CALLERS.map((c) => [c, status])) as Expected;
const signedIn = (status: number): Expected => ({ ...everyone(status), anonymous: 401 });
const unique = () => randomUUID().slice(0, 8);
/** Step ids are identifiers: `talent_officeStep` for the talent office's step. */
const stepIdOf = (department: string) => `${department.replace(/-/g, '_')}Step`;
/** The applicant's side acts on their own case (A; the clerk's is B) and cannot see another's. */
const applicantsCase = ({ caller, which, cases }: Context) =>
  caller === 'counter_clerk' ? (which === 'own' ? cases.b : cases.a) : which === 'own' ? cases.a : cases.c;
/** A closed case's result: the applicant's (D) and the clerk's (E); each is the other's "other". */
const resultCase = ({ caller, which, closed }: Context) =>
  (caller === 'counter_clerk') === (which === 'own') ? closed.e : closed.d;
/** Supervisors act on A (the talent office leads it, has a step in it) and cannot see C (housing only). */
const supervisedCase = ({ which, cases }: Context) => (which === 'own' ? cases.a : cases.c);

/** A connector the matrix creates and updates (`matrix-scratch` is created before the rows run). */
const matrixConnector = {
  name: { 'zh-CN': '矩阵', en: 'Matrix' },
  department: 'housing',
  auth: { type: 'none' },
};

const MATRIX: Record<string, Row> = {
  'GET /health': { request: () => ({ path: '/health' }), expect: { own: everyone(200) } },
  'GET /health/live': { request: () => ({ path: '/health/live' }), expect: { own: everyone(200) } },
  'GET /health/ready': { request: () => ({ path: '/health/ready' }), expect: { own: everyone(200) } },
  'GET /.well-known/jwks.json': {
    request: () => ({ path: '/.well-known/jwks.json' }),
    expect: { own: everyone(200) },
  },
  // The API's shape, never its data: public for client generators and explorers.
  // The applicants' catalog: the applicant side (and administrators), not departments or auditors.
  'GET /catalog': {
    request: () => ({ path: '/catalog?limit=5' }),
    expect: { own: only({ applicant: 200, counter_clerk: 200, administrator: 200 }) },
  },
  'GET /catalog/:key': {
    request: () => ({ path: '/catalog/talent-introduction' }),
    expect: { own: only({ applicant: 200, counter_clerk: 200, administrator: 200 }) },
  },
  'GET /catalog/:key/form': {
    request: () => ({ path: '/catalog/talent-introduction/form' }),
    expect: { own: only({ applicant: 200, counter_clerk: 200, administrator: 200 }) },
  },
  'GET /docs': { request: () => ({ path: '/docs' }), expect: { own: everyone(200) } },
  'GET /docs/explorer.js': { request: () => ({ path: '/docs/explorer.js' }), expect: { own: everyone(200) } },
  'GET /docs/openapi.json': {
    request: () => ({ path: '/docs/openapi.json' }),
    expect: { own: everyone(200) },
  },
  // Public, but nobody gets in with wrong credentials or a made-up refresh token.
  'POST /auth/login': {
    request: () => ({
      path: '/auth/login',
      body: { username: `nobody-${unique()}`, password: 'Wrong-Pass-123' },
    }),
    expect: { own: everyone(401) },
  },
  'POST /auth/refresh': {
    request: () => ({ path: '/auth/refresh', body: { refreshToken: 'x'.repeat(43) } }),
    expect: { own: everyone(401) },
  },
  'POST /auth/logout': {
    request: () => ({ path: '/auth/logout', body: { refreshToken: 'x'.repeat(43) } }),
    expect: { own: everyone(204) },
  },
  // The browser's cookie session: public like the token routes; without cookies, nothing to renew.
  'POST /auth/session': {
    request: () => ({
      path: '/auth/session',
      body: { username: `nobody-${unique()}`, password: 'Wrong-Pass-123' },
    }),
    expect: { own: everyone(401) },
  },
  'POST /auth/session/refresh': {
    request: () => ({ path: '/auth/session/refresh' }),
    expect: { own: everyone(401) },
  },
  'DELETE /auth/session': { request: () => ({ path: '/auth/session' }), expect: { own: everyone(204) } },
  'GET /me': { request: () => ({ path: '/me' }), expect: { own: signedIn(200) } },
  // The inbox is a person's: department systems have none. Another's notification answers 404 (no probing).
  'GET /me/notifications': {
    request: () => ({ path: '/me/notifications?limit=5' }),
    expect: { own: { ...signedIn(200), department_system: 403 } },
  },
  'POST /me/notifications/:id/read': {
    request: ({ caller, which, notifications }) => ({
      path: `/me/notifications/${
        which === 'own' && caller !== 'anonymous' && caller !== 'department_system'
          ? notifications.own[caller]
          : notifications.other
      }/read`,
    }),
    expect: {
      own: { ...signedIn(200), department_system: 403 },
      other: { ...signedIn(404), department_system: 403 },
    },
  },
  // A wrong current password: 400 for every person, and no password changes.
  'POST /me/password': {
    request: () => ({
      path: '/me/password',
      body: { currentPassword: 'Not-My-Pass-1', newPassword: 'Tiger-Lily-4242' },
    }),
    expect: { own: { ...signedIn(400), department_system: 403 } },
  },
  // The guard runs before validation: a body the pipe refuses (400) shows who got past the guard without
  // depending on which definitions are published. Successful submissions: apps/api/src/cases tests.
  'POST /cases': {
    request: ({ caller }) => ({
      path: '/cases',
      body: {
        definitionKey: 'Not A Key',
        application: {},
        ...(caller === 'counter_clerk'
          ? { onBehalfOf: { consent: { method: 'signed_form', reference: 'matrix' } } }
          : {}),
      },
    }),
    expect: { own: only({ applicant: 400, counter_clerk: 400 }) },
  },
  // Another's case answers like a missing one (404), so ids reveal nothing.
  // Everyone signed in has a case list; what it holds is the policy's `caseListScope` (tested in the cases suite).
  'GET /cases': {
    request: () => ({ path: '/cases?limit=5' }),
    expect: { own: signedIn(200) },
  },
  'GET /cases/:id': {
    request: ({ caller, which, cases }) => {
      const own = caller === 'counter_clerk' ? cases.b : cases.a;
      const other = caller === 'counter_clerk' ? cases.a : cases.c;
      return { path: `/cases/${which === 'own' ? own : other}` };
    },
    expect: {
      own: signedIn(200),
      other: { ...signedIn(404), administrator: 200, auditor: 200 },
    },
  },
  // Department systems post inbound events signed with their source's secret: without a valid
  // signature everyone is refused alike (the proactive suite covers the signed path).
  'POST /events/inbound': {
    request: () => ({
      path: '/events/inbound',
      body: { specversion: '1.0', id: unique(), source: 'matrix-unknown', type: 'gov.matrix.event', data: {} },
    }),
    expect: { own: everyone(401) },
  },
  'GET /admin/inbound-events': {
    request: () => ({ path: '/admin/inbound-events?limit=5' }),
    expect: { own: only({ administrator: 200, auditor: 200 }) },
  },
  'GET /admin/inbound-sources': {
    request: () => ({ path: '/admin/inbound-sources' }),
    expect: { own: only({ administrator: 200 }) },
  },
  'POST /admin/inbound-sources': {
    request: () => ({
      path: '/admin/inbound-sources',
      body: { code: `m-${unique()}`, department: 'housing' },
    }),
    expect: { own: only({ administrator: 201 }) },
  },
  'POST /admin/inbound-sources/:code/rotate': {
    request: () => ({ path: '/admin/inbound-sources/matrix-source/rotate' }),
    expect: { own: only({ administrator: 200 }) },
  },
  // Only the person a proactive case was offered to; another's answers like a missing case.
  'GET /cases/:id/offer': {
    request: ({ which, offers }) => ({ path: `/cases/${offers[which]}/offer` }),
    expect: { own: only({ applicant: 200 }), other: only({ applicant: 404 }) },
  },
  // Empty answers: refused by validation (400) once past the guard; the case keeps waiting.
  'POST /cases/:id/confirm': {
    request: ({ which, offers }) => ({ path: `/cases/${offers[which]}/confirm`, body: { answers: {} } }),
    expect: { own: only({ applicant: 400 }), other: only({ applicant: 404 }) },
  },
  // After the two rows above: the applicant's decline settles the own offer.
  'POST /cases/:id/decline': {
    request: ({ which, offers }) => ({ path: `/cases/${offers[which]}/decline` }),
    expect: { own: only({ applicant: 200 }), other: only({ applicant: 404 }) },
  },
  'GET /admin/users': {
    request: () => ({ path: '/admin/users' }),
    expect: { own: only({ administrator: 200, auditor: 200 }) },
  },
  'POST /admin/users': {
    request: () => ({
      path: '/admin/users',
      body: {
        username: `m-${unique()}`,
        displayName: 'M',
        password: 'Tiger-Lily-4242',
        roles: ['applicant'],
      },
    }),
    expect: { own: only({ administrator: 201 }) },
  },
  'GET /admin/users/:id': {
    request: ({ which, ownAccountId, scratch }) => ({
      path: `/admin/users/${which === 'own' ? ownAccountId : scratch.accountId}`,
    }),
    expect: {
      own: { ...only({ administrator: 200, auditor: 200 }), department_system: 403 },
      other: only({ administrator: 200, auditor: 200 }),
    },
  },
  'PATCH /admin/users/:id': {
    request: ({ which, ownAccountId, scratch }) => ({
      path: `/admin/users/${which === 'own' ? ownAccountId : scratch.accountId}`,
      body: { displayName: 'Matrix' },
    }),
    expect: { own: only({ administrator: 200 }), other: only({ administrator: 200 }) },
  },
  'POST /admin/users/:id/password': {
    request: ({ scratch }) => ({
      path: `/admin/users/${scratch.accountId}/password`,
      body: { password: 'Tiger-Lily-4242' },
    }),
    expect: { own: only({ administrator: 204 }) },
  },
  'GET /admin/departments': {
    request: () => ({ path: '/admin/departments' }),
    expect: { own: only({ administrator: 200, auditor: 200 }) },
  },
  'POST /admin/departments': {
    request: () => ({
      path: '/admin/departments',
      body: { code: `m-${unique()}`, nameZh: '测试', nameEn: 'Matrix' },
    }),
    expect: { own: only({ administrator: 201 }) },
  },
  // The connector catalog is administrators' only; `credit` is seeded by the catalog's migration.
  'GET /admin/connectors': {
    request: () => ({ path: '/admin/connectors?limit=2' }),
    expect: { own: only({ administrator: 200 }) },
  },
  'POST /admin/connectors': {
    request: () => ({ path: '/admin/connectors', body: { key: `m-${unique()}`, ...matrixConnector } }),
    expect: { own: only({ administrator: 201 }) },
  },
  'GET /admin/connectors/:key': {
    request: () => ({ path: '/admin/connectors/credit' }),
    expect: { own: only({ administrator: 200 }) },
  },
  'PUT /admin/connectors/:key': {
    request: () => ({ path: '/admin/connectors/matrix-scratch', body: matrixConnector }),
    expect: { own: only({ administrator: 200 }) },
  },
  'GET /admin/connectors/:key/versions': {
    request: () => ({ path: '/admin/connectors/credit/versions' }),
    expect: { own: only({ administrator: 200 }) },
  },
  // Workers and supervisors are talent-office people; "own" is their department, "other" is not.
  'PATCH /admin/departments/:code': {
    request: ({ which, scratch }) => ({
      path: `/admin/departments/${which === 'own' ? 'talent-office' : scratch.department}`,
      body: { active: true },
    }),
    expect: { own: only({ administrator: 200 }), other: only({ administrator: 200 }) },
  },
  'GET /admin/departments/:code/credentials': {
    request: ({ which, scratch }) => ({
      path: `/admin/departments/${which === 'own' ? 'talent-office' : scratch.department}/credentials`,
    }),
    expect: {
      own: only({ administrator: 200, auditor: 200 }),
      other: only({ administrator: 200, auditor: 200 }),
    },
  },
  'POST /admin/departments/:code/credentials': {
    request: ({ scratch }) => ({
      path: `/admin/departments/${scratch.department}/credentials`,
      body: { label: 'm' },
    }),
    expect: { own: only({ administrator: 201 }) },
  },
  'POST /admin/departments/:code/credentials/:id/rotate': {
    request: ({ scratch }) => ({
      path: `/admin/departments/${scratch.department}/credentials/${scratch.credentialId}/rotate`,
    }),
    expect: { own: only({ administrator: 200 }) },
  },
  'DELETE /admin/departments/:code/credentials/:id': {
    request: ({ scratch }) => ({
      path: `/admin/departments/${scratch.department}/credentials/${scratch.credentialId}`,
    }),
    expect: { own: only({ administrator: 204 }) },
  },
  'GET /admin/security-events': {
    request: () => ({ path: '/admin/security-events' }),
    expect: { own: only({ administrator: 200, auditor: 200 }) },
  },
  'GET /admin/notification-deliveries': {
    request: () => ({ path: '/admin/notification-deliveries?limit=5' }),
    expect: { own: only({ administrator: 200, auditor: 200 }) },
  },
  // ---- the working-day calendar (the years start-up seeds; the PUT changes a year no test reads) ----
  'GET /admin/calendar/:year': {
    request: () => ({ path: `/admin/calendar/${seedYears()[0]}` }),
    expect: { own: only({ administrator: 200, auditor: 200 }) },
  },
  'PUT /admin/calendar/:year': {
    request: () => ({
      path: '/admin/calendar/2031',
      body: { holidays: [{ date: '2031-10-01', note: 'matrix' }], workdays: [] },
    }),
    expect: { own: only({ administrator: 200 }) },
  },
  // ---- the worklist: a department's own people and system, never another department's task ----
  'GET /tasks': {
    request: () => ({ path: '/tasks' }),
    expect: { own: only({ department_worker: 200, department_supervisor: 200, department_system: 200 }) },
  },
  // The workbench's choices: the department's people only (a system has no screens, no one to assign).
  'GET /tasks/workbench': {
    request: () => ({ path: '/tasks/workbench' }),
    expect: { own: only({ department_worker: 200, department_supervisor: 200 }) },
  },
  'GET /tasks/:id': {
    request: ({ which, tasks }) => ({ path: `/tasks/${tasks[which]}` }),
    expect: {
      own: only({ department_worker: 200, department_supervisor: 200, department_system: 200 }),
      other: only({ department_worker: 404, department_supervisor: 404, department_system: 404 }),
    },
  },
  // Both tasks are decided already, so an allowed caller meets 409 and nothing reaches Temporal.
  'POST /tasks/:id/decision': {
    request: ({ which, tasks }) => ({
      path: `/tasks/${tasks[which]}/decision`,
      body: { decision: 'approved' },
    }),
    expect: {
      own: only({ department_worker: 409, department_supervisor: 409, department_system: 409 }),
      other: only({ department_worker: 404, department_supervisor: 404, department_system: 404 }),
    },
  },
  // ---- the case lifecycle: the workflows do not run here, so an allowed action meets 409 (closed) ----
  'POST /cases/:id/withdraw': {
    request: (context) => ({
      path: `/cases/${applicantsCase(context)}/withdraw`,
      body: { reason: 'Matrix' },
    }),
    expect: {
      own: only({ applicant: 409, counter_clerk: 409 }),
      other: only({ applicant: 404, counter_clerk: 404 }),
    },
  },
  'POST /cases/:id/cancel': {
    request: (context) => ({ path: `/cases/${supervisedCase(context)}/cancel`, body: { reason: 'Matrix' } }),
    expect: {
      own: only({ administrator: 409, department_supervisor: 409 }),
      other: only({ administrator: 409, department_supervisor: 404 }),
    },
  },
  'POST /cases/:id/steps/:stepId/retry': {
    request: (context) => ({
      path: `/cases/${supervisedCase(context)}/steps/${stepIdOf(context.which === 'own' ? 'talent-office' : 'housing')}/retry`,
    }),
    expect: {
      own: only({ administrator: 409, department_supervisor: 409 }),
      other: only({ administrator: 409, department_supervisor: 404 }),
    },
  },
  'GET /admin/steps': {
    request: (context) => ({
      path: `/admin/steps?department=${context.which === 'own' ? 'talent-office' : 'housing'}`,
    }),
    expect: {
      own: only({ administrator: 200, auditor: 200, department_supervisor: 200 }),
      other: only({ administrator: 200, auditor: 200, department_supervisor: 403 }),
    },
  },
  // No failed steps in the matrix's cases: an allowed call answers 200 with nothing retried.
  'GET /admin/commitments': {
    request: () => ({ path: '/admin/commitments' }),
    expect: { own: only({ administrator: 200, auditor: 200 }) },
  },
  // The operations view's aggregates: counts, ids and department codes only.
  'GET /admin/operations/overview': {
    request: () => ({ path: '/admin/operations/overview' }),
    expect: { own: only({ administrator: 200, auditor: 200 }) },
  },
  'GET /admin/operations/trends': {
    request: () => ({ path: '/admin/operations/trends?days=3' }),
    expect: { own: only({ administrator: 200, auditor: 200 }) },
  },
  'POST /admin/steps/retry': {
    request: (context) => ({
      path: '/admin/steps/retry',
      body: { department: context.which === 'own' ? 'talent-office' : 'housing' },
    }),
    expect: {
      own: only({ administrator: 200, department_supervisor: 200 }),
      other: only({ administrator: 200, department_supervisor: 403 }),
    },
  },
  'GET /cases/:id/notices': {
    request: (context) => ({ path: `/cases/${applicantsCase(context)}/notices` }),
    expect: {
      own: signedIn(200),
      other: { ...signedIn(404), administrator: 200, auditor: 200 },
    },
  },
  'POST /cases/:id/notices/:noticeId/answer': {
    request: (context) => {
      const caseId = applicantsCase(context);
      const noticeId = caseId === context.cases.b ? context.notices.b : context.notices.a;
      return { path: `/cases/${caseId}/notices/${noticeId}/answer`, body: { values: {} } };
    },
    expect: {
      own: only({ applicant: 409, counter_clerk: 409 }),
      other: only({ applicant: 404, counter_clerk: 404 }),
    },
  },
  'POST /tasks/:id/material-requests': {
    request: ({ which, tasks }) => ({
      path: `/tasks/${tasks[which]}/material-requests`,
      body: { fields: ['fullName'], message: 'Matrix' },
    }),
    expect: {
      own: only({ department_worker: 409, department_supervisor: 409, department_system: 409 }),
      other: only({ department_worker: 404, department_supervisor: 404, department_system: 404 }),
    },
  },
  'POST /tasks/:id/reassign': {
    request: ({ which, tasks }) => ({
      path: `/tasks/${tasks[which]}/reassign`,
      body: { toDepartment: 'talent-office', reason: 'Matrix' },
    }),
    expect: {
      own: only({ administrator: 409, department_supervisor: 409 }),
      other: only({ administrator: 409, department_supervisor: 404 }),
    },
  },
  // ---- uploads and materials (一套材料) ----
  // No octet-stream body: an allowed uploader meets 415 and nothing is stored.
  'POST /uploads': {
    request: () => ({ path: '/uploads?name=matrix.pdf' }),
    expect: { own: only({ applicant: 415, counter_clerk: 415 }) },
  },
  // Everyone's own list (empty for most); department systems hold no materials.
  'GET /me/materials': {
    request: () => ({ path: '/me/materials?limit=5' }),
    expect: { own: { ...signedIn(200), department_system: 403 } },
  },
  // "own": the applicant's upload; "other": the scratch account's. Nobody reads another's material (404).
  'GET /me/materials/:sha256/content': {
    request: ({ which, uploads }) => ({ path: `/me/materials/${uploads[which]}/content` }),
    expect: {
      own: { ...signedIn(404), applicant: 200, department_system: 403 },
      other: { ...signedIn(404), department_system: 403 },
    },
  },
  // The own task's data (its contract) holds the applicant's upload; the other task is housing's.
  'GET /tasks/:id/attachments/:sha256': {
    request: ({ which, tasks, uploads }) => ({ path: `/tasks/${tasks[which]}/attachments/${uploads.own}` }),
    expect: {
      own: only({ department_worker: 200, department_supervisor: 200, department_system: 200 }),
      other: only({ department_worker: 404, department_supervisor: 404, department_system: 404 }),
    },
  },
  // ---- work on tasks: the matrix's tasks are decided, so an allowed claim/release/assign meets 409 ----
  'POST /tasks/:id/claim': {
    request: ({ which, tasks }) => ({ path: `/tasks/${tasks[which]}/claim` }),
    expect: {
      own: only({ department_worker: 409, department_supervisor: 409 }),
      other: only({ department_worker: 404, department_supervisor: 404 }),
    },
  },
  'POST /tasks/:id/release': {
    request: ({ which, tasks }) => ({ path: `/tasks/${tasks[which]}/release` }),
    expect: {
      own: only({ department_worker: 409, department_supervisor: 409 }),
      other: only({ department_worker: 404, department_supervisor: 404 }),
    },
  },
  // The talent office's worker is no member of housing: an administrator naming them there meets 400.
  'POST /tasks/:id/assign': {
    request: ({ which, tasks, stack }) => ({
      path: `/tasks/${tasks[which]}/assign`,
      body: { toAccountId: stack.accounts.department_worker.id },
    }),
    expect: {
      own: only({ administrator: 409, department_supervisor: 409 }),
      other: only({ administrator: 400, department_supervisor: 404 }),
    },
  },
  // Per-item results: the request succeeds, each item says what happened to it.
  'POST /tasks/bulk/claim': {
    request: ({ tasks }) => ({ path: '/tasks/bulk/claim', body: { ids: [tasks.own, tasks.other] } }),
    expect: { own: only({ department_worker: 200, department_supervisor: 200 }) },
  },
  'POST /tasks/bulk/assign': {
    request: ({ tasks, stack }) => ({
      path: '/tasks/bulk/assign',
      body: { ids: [tasks.own, tasks.other], toAccountId: stack.accounts.department_worker.id },
    }),
    expect: { own: only({ administrator: 200, department_supervisor: 200 }) },
  },
  'POST /tasks/bulk/reassign': {
    request: ({ tasks }) => ({
      path: '/tasks/bulk/reassign',
      body: { ids: [tasks.own, tasks.other], toDepartment: 'talent-office', reason: 'Matrix' },
    }),
    expect: { own: only({ administrator: 200, department_supervisor: 200 }) },
  },
  'GET /tasks/:id/comments': {
    request: ({ which, tasks }) => ({ path: `/tasks/${tasks[which]}/comments` }),
    expect: {
      own: only({ department_worker: 200, department_supervisor: 200, department_system: 200 }),
      other: only({ department_worker: 404, department_supervisor: 404, department_system: 404 }),
    },
  },
  'POST /tasks/:id/comments': {
    request: ({ which, tasks }) => ({ path: `/tasks/${tasks[which]}/comments`, body: { body: 'Matrix' } }),
    expect: {
      own: only({ department_worker: 201, department_supervisor: 201, department_system: 201 }),
      other: only({ department_worker: 404, department_supervisor: 404, department_system: 404 }),
    },
  },
  // The applicant's side of comments: their own case only (the clerk's is B).
  'GET /cases/:id/comments': {
    request: (context) => ({ path: `/cases/${applicantsCase(context)}/comments` }),
    expect: {
      own: only({ applicant: 200, counter_clerk: 200 }),
      other: only({ applicant: 404, counter_clerk: 404 }),
    },
  },
  // ---- the codec server for the Temporal Web UI: decoding shows personal data ----
  'POST /codec/encode': {
    request: () => ({ path: '/codec/encode', body: { payloads: [{ metadata: {}, data: 'e30=' }] } }),
    expect: { own: only({ administrator: 200 }) },
  },
  'POST /codec/decode': {
    request: () => ({ path: '/codec/decode', body: { payloads: [{ metadata: {}, data: 'e30=' }] } }),
    expect: { own: only({ administrator: 200, auditor: 200 }) },
  },
  // ---- the access trail: auditors query and verify it; applicants see who read their data ----
  'GET /admin/audit': {
    request: () => ({ path: '/admin/audit?limit=5' }),
    expect: { own: only({ administrator: 200, auditor: 200 }) },
  },
  'GET /admin/audit/verify': {
    request: () => ({ path: '/admin/audit/verify' }),
    expect: { own: only({ administrator: 200, auditor: 200 }) },
  },
  'GET /me/access-log': {
    request: () => ({ path: '/me/access-log?limit=5' }),
    expect: { own: only({ applicant: 200 }) },
  },
  // ---- the signed result: its applicant (or their clerk) downloads it; anyone verifies it ----
  'GET /cases/:id/result.json': {
    request: (context) => ({ path: `/cases/${resultCase(context)}/result.json` }),
    expect: {
      own: only({ applicant: 200, counter_clerk: 200 }),
      other: only({ applicant: 404, counter_clerk: 404 }),
    },
  },
  'GET /cases/:id/result.pdf': {
    request: (context) => ({ path: `/cases/${resultCase(context)}/result.pdf` }),
    expect: {
      own: only({ applicant: 200, counter_clerk: 200 }),
      other: only({ applicant: 404, counter_clerk: 404 }),
    },
  },
  // Public by design (rate-limited per address): a made-up document answers 200 {valid: false}.
  'POST /verify': {
    request: () => ({
      path: '/verify',
      body: { document: { resultId: randomUUID() }, signature: 'e30..e30' },
    }),
    expect: { own: everyone(200) },
  },
  'GET /verify/:id': {
    request: () => ({ path: `/verify/${randomUUID()}?sig=e30..e30` }),
    expect: { own: everyone(200) },
  },
  'GET /.well-known/result-keys.json': {
    request: () => ({ path: '/.well-known/result-keys.json' }),
    expect: { own: everyone(200) },
  },
  // ---- definitions (administrators author; the JSON Schema of the language is public) ----
  'GET /definitions/schema.json': {
    request: () => ({ path: '/definitions/schema.json' }),
    expect: { own: everyone(200) },
  },
  'GET /definitions': {
    request: () => ({ path: '/definitions' }),
    expect: { own: only({ administrator: 200 }) },
  },
  'GET /definitions/versions': {
    request: () => ({ path: '/definitions/versions' }),
    expect: { own: only({ administrator: 200 }) },
  },
  'POST /definitions/validate': {
    request: () => ({ path: '/definitions/validate', body: {} }),
    expect: { own: only({ administrator: 400 }) },
  },
  'POST /definitions/preview': {
    request: () => ({ path: '/definitions/preview', body: {} }),
    expect: { own: only({ administrator: 400 }) },
  },
  'POST /definitions/drafts': {
    request: () => ({ path: '/definitions/drafts', body: {} }),
    expect: { own: only({ administrator: 400 }) },
  },
  'GET /definitions/:key/versions/:version': {
    request: () => ({ path: '/definitions/matrix-missing/versions/1' }),
    expect: { own: only({ administrator: 404 }) },
  },
  'PUT /definitions/:key/versions/:version': {
    request: () => ({ path: '/definitions/matrix-missing/versions/1', body: {} }),
    expect: { own: only({ administrator: 400 }) },
  },
  'POST /definitions/:key/versions/:version/validate': {
    request: () => ({ path: '/definitions/matrix-missing/versions/1/validate' }),
    expect: { own: only({ administrator: 404 }) },
  },
  'GET /definitions/:key/versions/:version/plan': {
    request: () => ({ path: '/definitions/matrix-missing/versions/1/plan' }),
    expect: { own: only({ administrator: 404 }) },
  },
  'GET /definitions/:key/versions/:version/form': {
    request: () => ({ path: '/definitions/matrix-missing/versions/1/form' }),
    expect: { own: only({ administrator: 404 }) },
  },
  'POST /definitions/:key/versions/:version/publish': {
    request: () => ({ path: '/definitions/matrix-missing/versions/1/publish', body: {} }),
    expect: { own: only({ administrator: 400 }) },
  },
  'POST /definitions/:key/versions/:version/archive': {
    request: () => ({ path: '/definitions/matrix-missing/versions/1/archive', body: {} }),
    expect: { own: only({ administrator: 400 }) },
  },
  'GET /definitions/:key/diff': {
    request: () => ({ path: '/definitions/matrix-missing/diff?from=1&to=2' }),
    expect: { own: only({ administrator: 404 }) },
  },
  // ---- webhooks: administrators, auditors read; a department system manages its own department's ----
  'GET /webhooks/subscriptions': {
    request: () => ({ path: '/webhooks/subscriptions?limit=5' }),
    expect: { own: only({ administrator: 200, auditor: 200, department_system: 200 }) },
  },
  'POST /webhooks/subscriptions': {
    request: () => ({
      path: '/webhooks/subscriptions',
      body: { url: 'http://127.0.0.1:9/matrix', eventTypes: ['task.opened'] },
    }),
    expect: { own: only({ administrator: 201, department_system: 201 }) },
  },
  'GET /webhooks/subscriptions/:id': {
    request: ({ which, webhooks }) => ({ path: `/webhooks/subscriptions/${webhooks[which]}` }),
    expect: webhookReaders,
  },
  'PATCH /webhooks/subscriptions/:id': {
    request: ({ which, webhooks }) => ({
      path: `/webhooks/subscriptions/${webhooks[which]}`,
      body: { description: 'matrix' },
    }),
    expect: webhookManagers,
  },
  'POST /webhooks/subscriptions/:id/rotate-secret': {
    request: ({ which, webhooks }) => ({ path: `/webhooks/subscriptions/${webhooks[which]}/rotate-secret` }),
    expect: webhookManagers,
  },
  'DELETE /webhooks/subscriptions/:id': {
    request: (context) => ({
      path: `/webhooks/subscriptions/${webhookFixture(context.webhooks.deletable, context, context.webhooks.other)}`,
    }),
    expect: {
      own: only({ administrator: 204, department_system: 204 }),
      other: only({ administrator: 204, department_system: 404 }),
    },
  },
  'GET /webhooks/subscriptions/:id/deliveries': {
    request: ({ which, webhooks }) => ({ path: `/webhooks/subscriptions/${webhooks[which]}/deliveries` }),
    expect: webhookReaders,
  },
  'GET /webhooks/dead-letters': {
    request: () => ({ path: '/webhooks/dead-letters?limit=5' }),
    expect: { own: only({ administrator: 200, auditor: 200, department_system: 200 }) },
  },
  'GET /webhooks/deliveries/:id': {
    request: ({ which, webhooks }) => ({ path: `/webhooks/deliveries/${webhooks.delivery[which]}` }),
    expect: webhookReaders,
  },
  'POST /webhooks/deliveries/:id/redeliver': {
    request: (context) => ({
      path: `/webhooks/deliveries/${webhookFixture(context.webhooks.dead, context, context.webhooks.delivery.other)}/redeliver`,
    }),
    expect: webhookManagers,
  },
};

let stack: TestStack;
let departmentSecret: string;
let context: Omit<Context, 'caller' | 'which' | 'ownAccountId'>;

async function send(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

async function headersOf(caller: Caller): Promise<Record<string, string>> {
  if (caller === 'anonymous') return { 'content-type': 'application/json' };
  if (caller === 'department_system')
    return { 'content-type': 'application/json', authorization: `Bearer ${departmentSecret}` };
  return stack.headers(caller);
}

beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
  const admin = await stack.headers('administrator');
  const post = async (path: string, body: unknown, headers = admin) => {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return (await response.json()) as Record<string, string>;
  };
  departmentSecret = (await post('/admin/departments/talent-office/credentials', { label: 'matrix' }))
    .secret!;
  const department = (
    await post('/admin/departments', { code: `scratch-${unique()}`, nameZh: '临时', nameEn: 'Scratch' })
  ).code;
  const account = await post('/admin/users', {
    username: `scratch-${unique()}`,
    displayName: 'Scratch',
    password: 'Tiger-Lily-4242',
    roles: ['applicant'],
  });
  const credential = await post(`/admin/departments/${department}/credentials`, { label: 'scratch' });
  await post('/admin/connectors', { key: 'matrix-scratch', ...matrixConnector });
  // Cases written straight to the read model: their ownership is what the policy reads.
  const insertCase = async (
    owner: { applicantAccountId: string | null; submittedByAccountId: string | null },
    departments: string[],
    closed = false,
  ) => {
    const id = randomUUID();
    await stack.dataSource.getRepository(CaseEntity).insert({
      id,
      definitionKey: 'talent-introduction',
      definitionVersion: 1,
      status: closed ? 'approved' : 'submitted',
      application: {},
      result: closed
        ? {
            decision: 'approved',
            steps: departments.map((department) => ({
              stepId: stepIdOf(department),
              department,
              decision: 'approved' as const,
            })),
          }
        : null,
      workflowId: `case-${id}`,
      completedAt: closed ? new Date() : null,
      ...owner,
    });
    await stack.dataSource.getRepository(CaseStepEntity).insert(
      departments.map((department) => ({
        caseId: id,
        stepId: stepIdOf(department),
        department,
        status: 'pending' as const,
        reason: null,
        startedAt: null,
        completedAt: null,
      })),
    );
    return id;
  };
  const applicant = stack.accounts.applicant.id;
  const a = await insertCase({ applicantAccountId: applicant, submittedByAccountId: applicant }, [
    'talent-office',
    'hrss',
  ]);
  const b = await insertCase(
    { applicantAccountId: null, submittedByAccountId: stack.accounts.counter_clerk.id },
    ['talent-office', 'hrss'],
  );
  // Nobody seeded owns C or works for its only department.
  const c = await insertCase({ applicantAccountId: account.id, submittedByAccountId: account.id }, [
    'housing',
  ]);
  const insertNotice = async (caseId: string) => {
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO material_notices (id, case_id, status) VALUES ($1, $2, 'open')`,
      [id, caseId],
    );
    return id;
  };
  const insertTask = async (caseId: string, department: string) =>
    (
      await stack.dataSource.getRepository(TaskEntity).save({
        caseId,
        stepId: `${department}-step`,
        department,
        status: 'approved' as const,
        data: {},
        workflowId: `task-${randomUUID()}`,
        decisionReason: null,
        decidedBy: null,
        decidedAt: new Date(),
      })
    ).id;
  const insertNotification = async (recipientAccountId: string) =>
    (
      await stack.dataSource.getRepository(NotificationEntity).save({
        recipientAccountId,
        caseId: a,
        kind: 'case-result' as const,
        title: { 'zh-CN': '矩阵', en: 'Matrix' },
        body: { 'zh-CN': '矩阵', en: 'Matrix' },
        data: {},
        dedupeKey: `matrix-${unique()}`,
        readAt: null,
      })
    ).id;
  const ownNotifications = {} as Record<Role, string>;
  for (const role of ROLES) ownNotifications[role] = await insertNotification(stack.accounts[role].id);
  const uploadAs = async (token: string, text: string) => {
    const response = await fetch(`${stack.baseUrl}/uploads?name=matrix.pdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
      body: Buffer.from(`%PDF-1.4\n% ${text} ${unique()}\n%%EOF\n`),
    });
    if (response.status !== 201) throw new Error(`upload answered ${response.status}`);
    return (await response.json()) as {
      ref: string;
      sha256: string;
      name: string;
      contentType: string;
      sizeBytes: number;
    };
  };
  const ownUpload = await uploadAs((await stack.login('applicant')).accessToken, 'own');
  const otherUpload = await uploadAs(
    (await loginAt(stack.baseUrl, account.username, 'Tiger-Lily-4242')).accessToken,
    'other',
  );
  const tasks = { own: await insertTask(a, 'talent-office'), other: await insertTask(c, 'housing') };
  const { sha256: _sha256, ...attachment } = ownUpload;
  await stack.dataSource
    .getRepository(TaskEntity)
    .update(tasks.own, { data: { laborContract: [attachment] } });
  const d = await insertCase(
    { applicantAccountId: applicant, submittedByAccountId: applicant },
    ['talent-office'],
    true,
  );
  const e = await insertCase(
    { applicantAccountId: null, submittedByAccountId: stack.accounts.counter_clerk.id },
    ['talent-office'],
    true,
  );
  // Proactive offers (免申即享): an inbound source and event to hang them on, then a case awaiting
  // confirmation for the applicant and one for the scratch account.
  await stack.dataSource.query(
    `INSERT INTO inbound_sources (code, department_code, secret_sealed) VALUES ('matrix-source', 'housing', 'v1:none:none')`,
  );
  const inboundEventId = randomUUID();
  await stack.dataSource.query(
    `INSERT INTO inbound_events (id, source_code, event_id, event_type, outcome) VALUES ($1, 'matrix-source', $2, 'gov.matrix.event', 'started')`,
    [inboundEventId, inboundEventId],
  );
  const insertOffer = async (applicantAccountId: string) => {
    const id = await insertCase({ applicantAccountId, submittedByAccountId: null }, ['housing']);
    await stack.dataSource.query(`UPDATE cases SET status = 'awaiting_confirmation' WHERE id = $1`, [id]);
    await stack.dataSource.query(
      `INSERT INTO proactive_offers (case_id, inbound_event_id, prefilled, confirm_by) VALUES ($1, $2, '{}', now() + interval '10 days')`,
      [id, inboundEventId],
    );
    return id;
  };
  const offers = { own: await insertOffer(applicant), other: await insertOffer(account.id) };
  const webhooks = await webhookFixtures(post);
  context = {
    stack,
    webhooks,
    offers,
    uploads: { own: ownUpload.sha256, other: otherUpload.sha256 },
    cases: { a, b, c },
    closed: { d, e },
    notifications: { own: ownNotifications, other: await insertNotification(account.id) },
    tasks,
    notices: { a: await insertNotice(a), b: await insertNotice(b) },
    scratch: { department, accountId: account.id, credentialId: credential.id },
  };
});
afterAll(async () => {
  await stack.close();
});

/** Subscriptions of the talent office and of housing, each with a dead delivery of a made-up event. */
async function webhookFixtures(
  post: (path: string, body: unknown) => Promise<Record<string, string>>,
): Promise<WebhookFixtures> {
  const subscribe = async (department: string) =>
    (
      await post('/webhooks/subscriptions', {
        url: 'http://127.0.0.1:9/matrix',
        eventTypes: ['*'],
        department,
      })
    ).id;
  const event = await stack.dataSource
    .getRepository(OutboxEventEntity)
    .save({ aggregateType: 'case', aggregateId: randomUUID(), type: 'matrix.event', payload: {} });
  const deadDelivery = async (subscriptionId: string) => {
    const id = randomUUID();
    await stack.dataSource.getRepository(WebhookDeliveryEntity).insert({
      id,
      subscriptionId,
      eventId: event.id,
      eventType: event.type,
      aggregateKey: `case:${event.aggregateId}`,
      status: 'dead',
      attempts: 1,
      failedAttempts: 1,
      nextAttemptAt: new Date(),
      deadAt: new Date(),
    });
    return id;
  };
  const own = await subscribe('talent-office');
  const other = await subscribe('housing');
  const [adminOwn, adminOther, systemOwn] = [
    await subscribe('talent-office'),
    await subscribe('housing'),
    await subscribe('talent-office'),
  ];
  // One subscription holds one delivery of an event: each dead letter gets a subscription of its own.
  const deadOf = async (department: string) => deadDelivery(await subscribe(department));
  return {
    own,
    other,
    deletable: { administrator: adminOwn, administratorOther: adminOther, department_system: systemOwn },
    delivery: { own: await deadDelivery(own), other: await deadDelivery(other) },
    dead: {
      administrator: await deadOf('talent-office'),
      administratorOther: await deadOf('housing'),
      department_system: await deadOf('talent-office'),
    },
  };
}

describe('authorization matrix', () => {
  it('has a row for every route of the app, and no row for a route that does not exist', () => {
    const routes = expressRoutes(stack.api);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('answers every route × caller × own/other object with the expected status, and no unexpected 2xx', async () => {
    const mismatches: string[] = [];
    let unexpectedSuccess = 0;
    let requests = 0;
    for (const [route, row] of Object.entries(MATRIX)) {
      const [method, pattern] = route.split(' ') as [string, string];
      for (const caller of CALLERS) {
        const ownAccountId =
          caller === 'anonymous' || caller === 'department_system'
            ? context.scratch.accountId
            : stack.accounts[caller].id;
        for (const which of row.expect.other ? (['own', 'other'] as const) : (['own'] as const)) {
          const expected = row.expect[which]![caller];
          const { path, body } = row.request({ ...context, caller, which, ownAccountId });
          const status = await send(method, path, await headersOf(caller), body);
          requests += 1;
          if (status !== expected)
            mismatches.push(`${route} [${pattern}] as ${caller} (${which}): ${status}, expected ${expected}`);
          if (status < 300 && expected >= 300) unexpectedSuccess += 1;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(unexpectedSuccess).toBe(0);
    expect(requests).toBeGreaterThan(150);
  });

  it('refuses every caller on a route that declares no access rule', async () => {
    // The guard's deny-by-default, checked through a controller built without a declaration.
    const { AccessGuard } = await import('@onething/auth');
    const { Reflector } = await import('@nestjs/core');
    class Undeclared {
      handler() {}
    }
    const guard = new AccessGuard(new Reflector(), {
      authenticate: () => Promise.reject(new Error('must not even authenticate')),
    } as never);
    const contextOf = {
      getHandler: () => Object.getOwnPropertyDescriptor(Undeclared.prototype, 'handler')!.value as unknown,
      getClass: () => Undeclared,
      switchToHttp: () => ({
        getRequest: () => ({ headers: { authorization: `Bearer ${departmentSecret}` } }),
      }),
    };
    await expect(guard.canActivate(contextOf as never)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
