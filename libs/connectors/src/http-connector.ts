import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { withClientSpan } from '@onething/observability';
import type { ConnectorAuthConfig } from '@onething/config';
import {
  Connector,
  ConnectorCheckRequest,
  ConnectorCompensationRequest,
  ConnectorCompensationResult,
  ConnectorData,
  ConnectorDecision,
  ConnectorLookupRequest,
  ConnectorLookupResult,
  ConnectorTransportError,
} from './connector';

export interface HttpConnectorOptions {
  code: string;
  /**
   * The connector's base URL: checks are POSTed to `<url>/check`, lookups to `<url>/lookup`,
   * compensations to `<url>/compensate`.
   */
  url: string;
  timeoutMs: number;
  auth?: ConnectorAuthConfig | HmacAuth;
  /** Our field name → the department system's name; answers are mapped back unless `responseMapping` is set. */
  fieldNames?: Record<string, string>;
  /**
   * Path in a check's answer `data` → the normalised name the orchestrator keeps; when set, a check's
   * data holds exactly these names (a path the answer lacks is left out).
   */
  responseMapping?: Record<string, string>;
  /** Where compensations go; `<url>/compensate` without it. */
  compensateUrl?: string;
  /** Tests only; the global `fetch` otherwise. */
  fetch?: typeof fetch;
}

/**
 * Signs each request: `X-Onething-Timestamp: <unix seconds>` and
 * `X-Onething-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
 */
export interface HmacAuth {
  type: 'hmac';
  secret: string;
}

export function hmacSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const dataSchema = z.record(z.string(), z.unknown());
const decisionAnswer = z.object({
  decision: z.enum(['approved', 'rejected']),
  reason: z.string().min(1).optional(),
  data: dataSchema.optional(),
});
const lookupAnswer = z.union([
  z.object({ found: z.literal(false) }),
  z.object({ found: z.literal(true), data: dataSchema }),
]);
const rejectionAnswer = z.object({ reason: z.string().min(1) });
const compensationAnswer = z.object({ status: z.enum(['compensated', 'already-compensated']) });

const DEFAULT_REJECTION_REASON = 'rejected by the department';

/**
 * A department system behind HTTP + JSON. The protocol:
 * - `POST <url>/check` `{caseId, stepId, data}` with header `Idempotency-Key: <caseId>:<stepId>` → 200
 *   `{decision, reason?, data?}`, or 422 `{reason}` for "no". Callers retry (a worker that died
 *   mid-call, a lost answer): the department must answer a repeated key from its own record of the first
 *   call, without acting again;
 * - `POST <url>/lookup` `{subject, path?}` → 200 `{found: false}` or `{found: true, data}`;
 * - `POST <url>/compensate` `{caseId, stepId, action, reason}` (reason: `withdrawn` | `rejected` |
 *   `cancelled`; ids and the action's name only, no personal data) with header
 *   `Idempotency-Key: <caseId>:<stepId>:<action>` → 200 `{status: 'compensated'}` the first time, 200
 *   `{status: 'already-compensated'}` for the same case, step and action again (callers retry). A 422
 *   means the department will not undo it: a refused request, not retried.
 *
 * Anything else is a `ConnectorTransportError`: connection failures, the per-call timeout, 5xx, 408,
 * 429 and unreadable answers are retryable; other 4xx and redirects (never followed: they could carry
 * personal data elsewhere) are not. Bodies are never logged nor put into error messages.
 */
export class HttpConnector implements Connector {
  readonly code: string;
  private readonly toRemote: Map<string, string>;
  private readonly toLocal: Map<string, string>;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: HttpConnectorOptions) {
    this.code = options.code;
    this.toRemote = new Map(Object.entries(options.fieldNames ?? {}));
    this.toLocal = new Map([...this.toRemote].map(([local, remote]) => [remote, local]));
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async check(request: ConnectorCheckRequest, signal?: AbortSignal): Promise<ConnectorDecision> {
    const body = {
      caseId: request.caseId,
      stepId: request.stepId,
      data: rename(request.data, this.toRemote),
    };
    // The same step of the same case is the same question: the department may answer a retry from its log.
    const { status, answer } = await this.post('check', body, signal, `${request.caseId}:${request.stepId}`);
    if (status === 422) {
      const rejection = rejectionAnswer.safeParse(answer);
      return {
        decision: 'rejected',
        reason: (rejection.success && storableText(rejection.data.reason)) || DEFAULT_REJECTION_REASON,
      };
    }
    const parsed = decisionAnswer.safeParse(answer);
    if (!parsed.success) throw this.malformed(status);
    const { decision, data } = parsed.data;
    const reason = parsed.data.reason === undefined ? undefined : storableText(parsed.data.reason);
    return {
      decision,
      ...(reason ? { reason } : decision === 'rejected' ? { reason: DEFAULT_REJECTION_REASON } : {}),
      ...(data !== undefined ? { data: this.normalised(data) } : {}),
    };
  }

  private normalised(data: ConnectorData): ConnectorData {
    const mapping = this.options.responseMapping;
    if (!mapping || Object.keys(mapping).length === 0) return rename(data, this.toLocal);
    const picked = Object.entries(mapping).map(([path, name]) => [name, valueAt(data, path)] as const);
    return Object.fromEntries(picked.filter(([, value]) => value !== undefined));
  }

  async lookup(request: ConnectorLookupRequest, signal?: AbortSignal): Promise<ConnectorLookupResult> {
    const remotePath = request.path
      ?.split('.')
      .map((segment, index) => (index === 0 ? (this.toRemote.get(segment) ?? segment) : segment));
    const body = {
      subject: rename(request.subject, this.toRemote),
      ...(remotePath ? { path: remotePath.join('.') } : {}),
    };
    const { status, answer } = await this.post('lookup', body, signal);
    if (status === 422) throw this.malformed(status);
    const parsed = lookupAnswer.safeParse(answer);
    if (!parsed.success) throw this.malformed(status);
    if (!parsed.data.found) return { found: false };
    const data = rename(parsed.data.data, this.toLocal);
    return request.path === undefined
      ? { found: true, data }
      : { found: true, data, value: valueAt(data, request.path) };
  }

  async compensate(
    request: ConnectorCompensationRequest,
    signal?: AbortSignal,
  ): Promise<ConnectorCompensationResult> {
    const body = {
      caseId: request.caseId,
      stepId: request.stepId,
      action: request.action,
      reason: request.reason,
    };
    const { status, answer } = await this.post(
      'compensate',
      body,
      signal,
      `${request.caseId}:${request.stepId}:${request.action}`,
    );
    if (status === 422) {
      throw new ConnectorTransportError(
        this.code,
        'request-refused',
        'the department will not undo the action',
        status,
      );
    }
    const parsed = compensationAnswer.safeParse(answer);
    if (!parsed.success) throw this.malformed(status);
    return { status: parsed.data.status };
  }

  /** Returns a 2xx or 422 answer (parsed JSON, or undefined when it is not JSON); throws otherwise. */
  private async post(
    operation: 'check' | 'lookup' | 'compensate',
    body: unknown,
    callerSignal: AbortSignal | undefined,
    idempotencyKey?: string,
  ): Promise<{ status: number; answer: unknown }> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const auth = this.options.auth;
    if (auth?.type === 'bearer') headers.authorization = `Bearer ${auth.token}`;
    if (auth?.type === 'api-key') headers[auth.header.toLowerCase()] = auth.key;
    const text = JSON.stringify(body);
    if (auth?.type === 'hmac') {
      const timestamp = String(Math.floor(Date.now() / 1000));
      headers['x-onething-timestamp'] = timestamp;
      headers['x-onething-signature'] = hmacSignature(auth.secret, timestamp, text);
    }
    // A CLIENT span per call, its context sent in `traceparent`: the department can join the trace.
    const attributes = {
      'onething.connector': this.code,
      'onething.connector.operation': operation,
      'http.request.method': 'POST',
    };
    return withClientSpan(`connector ${this.code} ${operation}`, attributes, headers, async (span) => {
      const exchanged = await this.exchange(operation, { headers, text, signal, callerSignal, timeout });
      span.setAttribute('http.response.status_code', exchanged.status);
      return exchanged;
    });
  }

  /** One POST and its answer; a 2xx or 422 answer is returned, anything else thrown as a transport error. */
  private async exchange(
    operation: 'check' | 'lookup' | 'compensate',
    request: {
      headers: Record<string, string>;
      text: string;
      signal: AbortSignal;
      callerSignal: AbortSignal | undefined;
      timeout: AbortSignal;
    },
  ): Promise<{ status: number; answer: unknown }> {
    const { headers, text, signal, callerSignal, timeout } = request;
    let status: number;
    let answerText: string;
    try {
      const response = await this.fetch(this.endpoint(operation), {
        method: 'POST',
        headers,
        body: text,
        signal,
        redirect: 'manual',
      });
      status = response.status;
      // Read the body under the same deadline: a department that sends headers and then stalls is slow too.
      answerText = await response.text();
    } catch (error) {
      // The caller gave up (e.g. the activity was cancelled): surface its reason, not a transport failure.
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timeout.aborted) {
        throw new ConnectorTransportError(
          this.code,
          'timeout',
          `no answer within ${this.options.timeoutMs} ms`,
        );
      }
      throw new ConnectorTransportError(this.code, 'unreachable', describe(error), undefined, {
        cause: error,
      });
    }

    if ((status >= 200 && status < 300) || status === 422) return { status, answer: parseJson(answerText) };
    if (status === 408)
      throw new ConnectorTransportError(this.code, 'timeout', 'the department timed out', status);
    if (status === 429)
      throw new ConnectorTransportError(this.code, 'throttled', 'too many requests', status);
    if (status >= 500)
      throw new ConnectorTransportError(this.code, 'server-error', 'the department failed', status);
    const why =
      status >= 300 && status < 400 ? 'redirects are not followed' : 'the department refused the request';
    throw new ConnectorTransportError(this.code, 'request-refused', why, status);
  }

  private endpoint(operation: 'check' | 'lookup' | 'compensate'): string {
    if (operation === 'compensate' && this.options.compensateUrl) return this.options.compensateUrl;
    return `${this.options.url.replace(/\/+$/, '')}/${operation}`;
  }

  private malformed(status: number) {
    return new ConnectorTransportError(
      this.code,
      'malformed-answer',
      'the answer does not follow the protocol',
      status,
    );
  }
}

const MAX_REASON_LENGTH = 2000;
// eslint-disable-next-line no-control-regex -- control characters are what is removed
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A department's reason as the read model can store it: without control characters (PostgreSQL
 * refuses a NUL) and unpaired surrogates, at most 2,000 characters. A department's typo must not make
 * the recording of its answer fail for good.
 */
export function storableText(text: string): string {
  return text
    .replace(CONTROL_CHARACTERS, '')
    .replace(LONE_SURROGATES, '\ufffd')
    .slice(0, MAX_REASON_LENGTH)
    .trim();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function rename(data: ConnectorData, names: Map<string, string>): ConnectorData {
  if (names.size === 0) return data;
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [names.get(key) ?? key, value]));
}

function valueAt(data: ConnectorData, path: string): unknown {
  let current: unknown = data;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** The failure's cause chain (e.g. "fetch failed: connect ECONNREFUSED 127.0.0.1:1"), no request data. */
function describe(error: unknown): string {
  const parts: string[] = [];
  // Duck-typed: fetch's errors come from another realm under test runners, where `instanceof Error` fails.
  let current: unknown = error;
  while (parts.length < 3 && typeof current === 'object' && current !== null && 'message' in current) {
    const { message, code } = current as { message?: unknown; code?: unknown };
    parts.push(
      typeof code === 'string' && !String(message).includes(code)
        ? `${String(message)} (${code})`
        : String(message),
    );
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(': ') || String(error);
}
