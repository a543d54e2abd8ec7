import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { hmacSignature } from '@onething/connectors';
import { InvalidSimulatedRequest, simulatedDepartments } from './rules';
import { simulatedCheck, simulationSchema, type Simulation, type SimulationAuth } from './simulations';

/**
 * Simulated department systems over HTTP, speaking the protocol of `HttpConnector`
 * (`@onething/connectors`), with control endpoints so tests can make a department slow, down, or say no,
 * and see what each department received. Everything is kept in memory.
 */
export interface SimulatedDepartmentsOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** When set, connector calls must carry `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
  /** Added to every connector answer, in every mode. */
  delayMs?: number;
  /** Departments simulated from configuration (see `simulationSchema`), by connector code. */
  simulations?: Record<string, Simulation>;
}

export interface SimulatedDepartments {
  /** e.g. `http://127.0.0.1:41234`; a connector's URL is `<url>/connectors/<code>`. */
  url: string;
  close(): Promise<void>;
}

export const controlSchema = z.strictObject({
  /**
   * `slow` waits before doing anything; `slow-answer` does the work (a check's effect is recorded) at
   * once and waits before answering: the department acted, the answer may be lost.
   */
  mode: z.enum(['normal', 'slow', 'slow-answer', 'down', 'reject']),
  /** How long `slow` and `slow-answer` wait (default 30 s: longer than any sensible connector timeout). */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Answer the next N calls with 503, then behave as `mode` says. */
  failTimes: z.number().int().min(0).max(1_000_000).optional(),
});
export type DepartmentControl = z.infer<typeof controlSchema>;

/** A compensation request (`POST /connectors/:code/compensate`): ids and the undo action only. */
export const compensationSchema = z.object({
  caseId: z.string().min(1),
  stepId: z.string().min(1),
  action: z.string().min(1),
  reason: z.enum(['withdrawn', 'rejected', 'cancelled']),
});
export type SimulatedCompensation = z.infer<typeof compensationSchema>;

interface RecordedCallBase {
  /**
   * Order of arrival across all departments of this service: 1, 2, 3, … (never reset, not even by
   * `DELETE /control`), so a test can compare the order of calls to different departments.
   */
  seq: number;
  /** When it arrived (ISO 8601); `seq` is the reliable order. */
  at: string;
  /** The request body as received. */
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** The HTTP status it was answered with (undefined while still being answered). */
  status?: number;
  /** Answered from the department's record of an earlier call with the same `Idempotency-Key`. */
  replayed?: true;
}

/**
 * What a department did once per `Idempotency-Key`: a check it decided (approved or refused), a
 * compensation it carried out. A repeated key is answered from this record and does nothing again.
 */
export interface DepartmentEffect {
  seq: number;
  at: string;
  operation: 'check' | 'compensate';
  idempotencyKey: string;
  caseId?: string;
  stepId?: string;
}

export interface RecordedCheckOrLookup extends RecordedCallBase {
  /** body: `{caseId, stepId, data}` for a check, `{subject, path?}` for a lookup. */
  operation: 'check' | 'lookup';
}

export interface RecordedCompensation extends RecordedCallBase, SimulatedCompensation {
  operation: 'compensate';
  /** What a 200 answered: the first time `compensated`, for the same case, step and action again `already-compensated`. */
  result?: 'compensated' | 'already-compensated';
}

export type RecordedCall = RecordedCheckOrLookup | RecordedCompensation;

const SLOW_DEFAULT_MS = 30_000;
const MAX_BODY_BYTES = 1_000_000;
const MAX_CALLS_KEPT = 1_000;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error));
  }
}

export async function startSimulatedDepartments(
  options: SimulatedDepartmentsOptions = {},
): Promise<SimulatedDepartments> {
  const controls = new Map<string, DepartmentControl & { failuresLeft: number }>();
  const calls = new Map<string, RecordedCall[]>();
  /** Per department, the (caseId, stepId, action) it has undone. */
  const compensated = new Map<string, Set<string>>();
  /** Per department, the answer it gave to each `Idempotency-Key` of a check. */
  const answered = new Map<string, Map<string, { status: number; body: unknown }>>();
  const effects = new Map<string, DepartmentEffect[]>();
  /** Configured departments: kept across `DELETE /control` (they are set-up, not a test's state). */
  const simulations = new Map<string, Simulation>(Object.entries(options.simulations ?? {}));
  const knownCode = (code: string): string => {
    if (!simulations.has(code) && !Object.hasOwn(simulatedDepartments, code))
      throw new HttpProblem(404, { error: 'unknown-connector', code });
    return code;
  };
  let seq = 0;
  let effectSeq = 0;
  const recordEffect = (code: string, effect: Omit<DepartmentEffect, 'seq' | 'at'>) => {
    const list = effects.get(code) ?? [];
    list.push({ seq: ++effectSeq, at: new Date().toISOString(), ...effect });
    if (list.length > MAX_CALLS_KEPT) list.shift();
    effects.set(code, list);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://sim').pathname;
    const method = request.method ?? 'GET';
    let match: RegExpMatchArray | null;

    if (method === 'GET' && path === '/health') return send(response, 200, { status: 'ok' });
    if (method === 'DELETE' && path === '/control') {
      controls.clear();
      calls.clear();
      compensated.clear();
      answered.clear();
      effects.clear();
      return send(response, 204);
    }
    if (method === 'PUT' && (match = path.match(/^\/simulations\/([a-z0-9-]+)$/))) {
      const parsed = simulationSchema.safeParse((await readJson(request)).json);
      if (!parsed.success)
        throw new HttpProblem(400, { error: 'invalid-simulation', message: z.prettifyError(parsed.error) });
      simulations.set(match[1], parsed.data);
      return send(response, 200, { code: match[1] });
    }
    if (method === 'PUT' && (match = path.match(/^\/control\/([a-z0-9-]+)$/))) {
      const code = knownCode(match[1]);
      const parsed = controlSchema.safeParse((await readJson(request)).json);
      if (!parsed.success)
        throw new HttpProblem(400, { error: 'invalid-control', message: z.prettifyError(parsed.error) });
      controls.set(code, { ...parsed.data, failuresLeft: parsed.data.failTimes ?? 0 });
      return send(response, 200, { code, ...parsed.data });
    }
    if (method === 'GET' && (match = path.match(/^\/calls\/([a-z0-9-]+)$/))) {
      return send(response, 200, { calls: calls.get(knownCode(match[1])) ?? [] });
    }
    if (method === 'GET' && (match = path.match(/^\/effects\/([a-z0-9-]+)$/))) {
      return send(response, 200, { effects: effects.get(knownCode(match[1])) ?? [] });
    }
    if (
      method === 'POST' &&
      (match = path.match(/^\/connectors\/([a-z0-9-]+)\/(check|lookup|compensate)$/))
    ) {
      const code = knownCode(match[1]);
      const operation = match[2] as RecordedCall['operation'];
      const { json: body, text } = await readJson(request);
      checkCaller(request, text, simulations.get(code)?.auth, options.token);
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new HttpProblem(400, { error: 'invalid-request', message: 'a JSON object' });
      }
      const received = {
        seq: ++seq,
        at: new Date().toISOString(),
        body: body as Record<string, unknown>,
        headers: { ...request.headers },
      };
      let call: RecordedCall;
      if (operation === 'compensate') {
        const parsed = compensationSchema.safeParse(body);
        if (!parsed.success) {
          const field = parsed.error.issues[0]?.path.join('.');
          throw new HttpProblem(400, {
            error: 'invalid-request',
            field,
            message: z.prettifyError(parsed.error),
          });
        }
        const { caseId, stepId, action, reason } = parsed.data;
        call = { operation, ...received, caseId, stepId, action, reason };
      } else {
        call = { operation, ...received };
      }
      const recorded = calls.get(code) ?? [];
      recorded.push(call);
      if (recorded.length > MAX_CALLS_KEPT) recorded.shift();
      calls.set(code, recorded);
      response.on('finish', () => (call.status = response.statusCode));

      const control = controls.get(code) ?? { mode: 'normal', failuresLeft: 0 };
      const delay =
        (options.delayMs ?? 0) + (control.mode === 'slow' ? (control.delayMs ?? SLOW_DEFAULT_MS) : 0);
      if (delay > 0 && !(await waitUnlessGone(response, delay))) return;
      const answerLater = async (status: number, body: unknown) => {
        const wait = control.mode === 'slow-answer' ? (control.delayMs ?? SLOW_DEFAULT_MS) : 0;
        if (wait > 0 && !(await waitUnlessGone(response, wait))) return;
        send(response, status, body);
      };
      if (control.failuresLeft > 0) {
        control.failuresLeft -= 1;
        return send(response, 503, { error: 'unavailable', message: 'transient failure (simulated)' });
      }
      if (control.mode === 'down')
        return send(response, 503, { error: 'unavailable', message: 'down (simulated)' });
      if (call.operation === 'compensate') {
        // Undone only when reached: a 503 or a caller that hung up while it was slow changes nothing.
        const done = compensated.get(code) ?? new Set<string>();
        compensated.set(code, done);
        const key = JSON.stringify([call.caseId, call.stepId, call.action]);
        call.result = done.has(key) ? 'already-compensated' : 'compensated';
        if (done.has(key)) call.replayed = true;
        else {
          done.add(key);
          recordEffect(code, {
            operation: 'compensate',
            idempotencyKey: `${call.caseId}:${call.stepId}:${call.action}`,
            caseId: call.caseId,
            stepId: call.stepId,
          });
        }
        return answerLater(200, { status: call.result });
      }
      if (call.operation === 'lookup') return answerLater(200, answer(code, 'lookup', call.body));
      const configured = simulations.get(code);
      // A check is decided once per Idempotency-Key: a repeated key gets the recorded answer.
      const idempotencyKey = headerValue(request.headers['idempotency-key']);
      const record = answered.get(code) ?? new Map<string, { status: number; body: unknown }>();
      answered.set(code, record);
      const earlier = idempotencyKey === undefined ? undefined : record.get(idempotencyKey);
      if (earlier) {
        call.replayed = true;
        return answerLater(earlier.status, earlier.body);
      }
      const decided =
        control.mode === 'reject'
          ? {
              status: 422,
              body: { reason: `Rejected by the simulated ${code} system (control mode "reject").` },
            }
          : {
              status: 200,
              body: configured
                ? simulatedCheck(configured, objectField(call.body, 'data'), idsOf(call.body))
                : answer(code, 'check', call.body),
            };
      if (idempotencyKey !== undefined) record.set(idempotencyKey, decided);
      recordEffect(code, {
        operation: 'check',
        idempotencyKey: idempotencyKey ?? '',
        ...(typeof call.body.caseId === 'string' ? { caseId: call.body.caseId } : {}),
        ...(typeof call.body.stepId === 'string' ? { stepId: call.body.stepId } : {}),
      });
      return answerLater(decided.status, decided.body);
    }
    throw new HttpProblem(404, { error: 'not-found' });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const problem =
        error instanceof HttpProblem
          ? error
          : error instanceof InvalidSimulatedRequest
            ? new HttpProblem(400, { error: 'invalid-request', field: error.field, message: error.message })
            : new HttpProblem(500, { error: 'internal' });
      if (!response.headersSent) send(response, problem.status, problem.body);
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  return {
    url: `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Slow answers and keep-alive connections would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

function idsOf(body: Record<string, unknown>) {
  return {
    ...(typeof body.caseId === 'string' ? { caseId: body.caseId } : {}),
    ...(typeof body.stepId === 'string' ? { stepId: body.stepId } : {}),
  };
}

/** A configured department's own auth, else the service-wide token; 401 when the caller lacks it. */
function checkCaller(
  request: IncomingMessage,
  body: string,
  auth: SimulationAuth | undefined,
  serviceToken: string | undefined,
): void {
  const authorization = headerValue(request.headers.authorization);
  let allowed = true;
  if (auth?.type === 'bearer') allowed = authorization === `Bearer ${auth.token}`;
  else if (auth?.type === 'hmac') {
    const timestamp = headerValue(request.headers['x-onething-timestamp']) ?? '';
    const signature = headerValue(request.headers['x-onething-signature']) ?? '';
    const expected = hmacSignature(auth.secret, timestamp, body);
    const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
    allowed =
      fresh &&
      signature.length === expected.length &&
      timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  } else if (serviceToken) allowed = authorization === `Bearer ${serviceToken}`;
  if (!allowed) throw new HttpProblem(401, { error: 'unauthorized' });
}

function answer(code: string, operation: 'check' | 'lookup', body: Record<string, unknown>) {
  const department = simulatedDepartments[code];
  if (!department) throw new HttpProblem(404, { error: 'no-lookup', code });
  if (operation === 'check') return department.check(objectField(body, 'data'));
  if (!department.lookup) throw new HttpProblem(404, { error: 'no-lookup', code });
  const found = department.lookup(objectField(body, 'subject'));
  if (!found.found || typeof body.path !== 'string') return found;
  // Data minimization: answer only the part of the record that was asked for.
  const key = body.path.split('.')[0];
  return Object.hasOwn(found.data, key)
    ? { found: true, data: { [key]: found.data[key] } }
    : { found: false };
}

function objectField(body: Record<string, unknown>, field: string): Record<string, unknown> {
  const value = body[field];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidSimulatedRequest(field, 'a JSON object');
  }
  return value as Record<string, unknown>;
}

async function readJson(request: IncomingMessage): Promise<{ json: unknown; text: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, { error: 'too-large' });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return { json: JSON.parse(text) as unknown, text };
  } catch {
    throw new HttpProblem(400, { error: 'invalid-json' });
  }
}

/** Resolves true after `ms`, or false as soon as the client goes away (a timed-out connector call). */
function waitUnlessGone(response: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      response.off('close', gone);
      resolve(true);
    }, ms);
    const gone = () => {
      clearTimeout(timer);
      resolve(false);
    };
    response.once('close', gone);
  });
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
