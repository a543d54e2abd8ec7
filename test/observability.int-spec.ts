import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { caseWorkflowId } from '@onething/case-model';
import { Metrics, startTracing, type Tracing } from '@onething/observability';
import { sdkMetricsTelemetry } from '@onething/temporal';
import {
  autoApplication,
  autoDefinition,
  httpCall,
  publishTestDefinition,
  startTestStack,
  TestStack,
  waitUntil,
} from '@onething/testing';
import { startWorkerHttp, type WorkerHttp } from '../apps/worker/src/worker-http';
import { reinstallTestSdkRuntime } from './support/sdk-logs';

/**
 * What an operator sees of one case: Prometheus series on the API's and the worker's /metrics, one
 * trace from the HTTP request through the workflow to every department call, the request id on the
 * response, in the log lines and in the workflow's memo, and the worker's health.
 */
const ONE_THING = 'obs-metrics';
const REQUEST_ID = `obs-${randomUUID()}`;
const spans = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let stack: TestStack;
let workerHttp: WorkerHttp;
let caseId: string;
let submittedHeaders: Headers;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

beforeAll(async () => {
  const sdkMetricsPort = await freePort();
  await reinstallTestSdkRuntime(sdkMetricsTelemetry(`127.0.0.1:${sdkMetricsPort}`));
  tracing = startTracing({ service: 'onething-test', processor: new SimpleSpanProcessor(spans) });
  stack = await startTestStack();
  workerHttp = await startWorkerHttp({
    host: '127.0.0.1',
    port: 0,
    metrics: stack.workerApp!.get(Metrics),
    sdkMetricsUrl: `http://127.0.0.1:${sdkMetricsPort}/metrics`,
    worker: stack.worker!,
    connection: stack.client.connection,
    queue: stack.config.temporal,
  });
  await publishTestDefinition(stack.dataSource, autoDefinition(ONE_THING));
  // The credit department fails once: Temporal retries the call, and the metrics count both.
  await stack.controlDepartment('credit', { mode: 'normal', failTimes: 1 });
  const submitted = await httpCall<{ id: string }>(stack.baseUrl, 'POST', '/cases', {
    headers: { ...(await stack.headers('applicant')), 'x-request-id': REQUEST_ID },
    body: { definitionKey: ONE_THING, application: autoApplication() },
  });
  expect(submitted.status).toBe(201);
  caseId = submitted.body.id;
  submittedHeaders = submitted.headers;
  await waitUntil(
    'the case to be approved',
    async () => {
      const { body } = await httpCall<{ status: string }>(stack.baseUrl, 'GET', `/cases/${caseId}`, {
        headers: await stack.headers('applicant'),
      });
      return body.status === 'approved';
    },
    60_000,
  );
}, 120_000);

afterAll(async () => {
  await workerHttp?.close();
  await stack?.close();
  await tracing?.shutdown();
});

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one sample, by metric name and (a subset of) its labels; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.entries(labels).every(([k, v]) => match[2].includes(`${k}="${v}"`));
    if (present) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics on the API', () => {
  it('counts the submission by one-thing and the requests by route template, never by URL', async () => {
    const text = await scrape(stack.baseUrl);
    expect(sample(text, 'onething_cases_submitted_total', { one_thing: ONE_THING, service: 'api' })).toBe(1);
    expect(
      sample(text, 'onething_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/cases',
        status: '201',
      }),
    ).toBe(1);
    expect(
      sample(text, 'onething_http_request_duration_seconds_count', { method: 'GET', route: '/cases/:id' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toContain('onething_process_nodejs_heap_size_used_bytes');
    // No raw URL, no case id, no personal data in any label.
    expect(text).not.toContain(caseId);
    expect(text).not.toContain('11010519491231002X');
  });

  it('answers 404 to a caller that is not on this machine and brings no token', async () => {
    const guarded = await startTestStack({
      withWorker: false,
      env: { METRICS_TOKEN: 'scrape-token-0123456789' },
    });
    try {
      expect((await fetch(`${guarded.baseUrl}/metrics`)).status).toBe(404);
      const wrong = await fetch(`${guarded.baseUrl}/metrics`, {
        headers: { authorization: 'Bearer scrape-token-9876543210' },
      });
      expect(wrong.status).toBe(404);
      const right = await fetch(`${guarded.baseUrl}/metrics`, {
        headers: { authorization: 'Bearer scrape-token-0123456789' },
      });
      expect(right.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe("the worker's /metrics", () => {
  it('counts the completion, step latency by department, the failed attempt and its retry, and outbox lag', async () => {
    const text = await scrape(workerHttp.url);
    expect(sample(text, 'onething_cases_completed_total', { one_thing: ONE_THING, result: 'approved' })).toBe(
      1,
    );
    for (const department of ['market-regulation', 'hrss', 'public-security']) {
      expect(
        sample(text, 'onething_step_duration_seconds_count', {
          department,
          kind: 'auto',
          decision: 'approved',
        }),
      ).toBe(1);
    }
    expect(
      sample(text, 'onething_department_call_duration_seconds_count', {
        department: 'market-regulation',
        outcome: 'failed',
      }),
    ).toBe(1);
    expect(
      sample(text, 'onething_activity_failures_total', {
        activity: 'performAutoStep',
        failure: 'server-error:503',
        retryable: 'true',
      }),
    ).toBe(1);
    expect(sample(text, 'onething_activity_retries_total', { activity: 'performAutoStep' })).toBe(1);
    // The lag is the age of the oldest case nobody started; the schema is shared with earlier suites,
    // which may have left one (Temporal unreachable on purpose), so the figure follows what is there.
    const [{ waiting }] = await stack.dataSource.query<{ waiting: string }[]>(
      `SELECT count(*) AS waiting FROM outbox_events WHERE type = 'case.submitted' AND dispatched_at IS NULL`,
    );
    const lag = sample(text, 'onething_outbox_lag_seconds', { type: 'case.submitted' });
    if (Number(waiting) === 0) expect(lag).toBe(0);
    else expect(lag).toBeGreaterThan(0);
    // Declared with their help text, counted when a step breaches its limit or asks for material.
    expect(text).toContain('# TYPE onething_sla_breaches_total counter');
    expect(text).toContain('# TYPE onething_material_requests_total counter');
    expect(text).not.toContain(caseId);
  });

  it("passes on the Temporal SDK's own worker metrics", async () => {
    const text = await scrape(workerHttp.url);
    expect(text).toMatch(/^temporal_workflow_completed_total\{.*\} [1-9]/m);
    // The failed department call was the step's local attempt (case workflow generation 2).
    expect(text).toMatch(/^temporal_(local_)?activity_execution_failed_total\{.*\} [1-9]/m);
    expect(text).toContain('temporal_worker_task_slots_available');
    // What the Grafana dashboard charts of them is there, by the names it queries.
    const dashboard = readFileSync(join(__dirname, '..', 'deploy', 'grafana', 'onething.json'), 'utf8');
    const queried = [...new Set(dashboard.match(/\btemporal_[a-z_]+/g))];
    expect(queried.length).toBeGreaterThanOrEqual(3);
    expect(queried.filter((name) => !new RegExp(`^${name}[{ ]`, 'm').test(text))).toEqual([]);
  });
});

describe('one trace per request', () => {
  const byTrace = (traceId: string) =>
    spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  const names = (list: ReadableSpan[]) => list.map((s) => s.name);

  it('runs from the HTTP request through the workflow and its activities to each department call', async () => {
    const server = spans
      .getFinishedSpans()
      .find((s) => s.kind === SpanKind.SERVER && s.attributes['onething.request_id'] === REQUEST_ID);
    expect(server?.name).toBe('POST /cases');
    const traceId = server!.spanContext().traceId;
    // Workflow spans leave the sandbox through a sink: wait for the last department's call to be there.
    const trace = await waitUntil('the household call in the trace', () => {
      const found = byTrace(traceId);
      return Promise.resolve(names(found).includes('connector household-registry check') && found);
    });
    expect(names(trace)).toEqual(
      expect.arrayContaining([
        'POST /cases',
        'StartWorkflow:caseWorkflow',
        'RunWorkflow:caseWorkflow',
        'StartActivity:performAutoStep',
        'RunActivity:performAutoStep',
        'connector credit check',
        'connector social-insurance check',
        'connector household-registry check',
      ]),
    );
    // The failed first call to credit is in the trace too, marked as an error.
    expect(trace.filter((s) => s.name === 'connector credit check')).toHaveLength(2);
    // Every span but the request's has its parent in the same trace: one tree, not fragments.
    const ids = new Set(trace.map((s) => s.spanContext().spanId));
    const orphans = trace.filter((s) => s !== server && !ids.has(s.parentSpanId ?? ''));
    expect(names(orphans)).toEqual([]);
    // The department received the trace context with the call.
    const [call] = await stack.departmentCalls('household-registry', { caseId });
    expect(String(call.headers.traceparent)).toContain(traceId);
  });

  it('carries no personal data in span attributes', () => {
    const attributes = JSON.stringify(spans.getFinishedSpans().map((s) => s.attributes));
    for (const marker of ['11010519491231002X', '张三']) expect(attributes).not.toContain(marker);
  });
});

describe('request ids', () => {
  it('answers the accepted X-Request-Id, names it in the log lines, and keeps it in the workflow memo', async () => {
    expect(submittedHeaders.get('x-request-id')).toBe(REQUEST_ID);
    const lines = stack.logs.filter((line) => line.includes(REQUEST_ID));
    expect(lines.some((line) => line.includes('"msg":"case submitted"'))).toBe(true);
    expect(lines.some((line) => line.includes('"msg":"request"'))).toBe(true);
    const description = await stack.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
    expect(description.memo).toEqual({ correlationId: REQUEST_ID });
  });

  it('gives a request without one (or with an unusable one) a fresh id', async () => {
    const plain = await fetch(`${stack.baseUrl}/health/live`);
    const fromPhone = await fetch(`${stack.baseUrl}/health/live`, {
      headers: { 'x-request-id': '13800138000' },
    });
    for (const response of [plain, fromPhone])
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("the worker's health", () => {
  it('is live, and ready once Temporal sees it polling its task queue', async () => {
    const live = await fetch(`${workerHttp.url}/health/live`);
    expect({ status: live.status, body: await live.json() }).toEqual({
      status: 200,
      body: { status: 'ok', worker: 'RUNNING' },
    });
    const ready = await fetch(`${workerHttp.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', polling: true });
  });

  it('is not ready when nothing of it polls the task queue it should serve', async () => {
    const elsewhere = await startWorkerHttp({
      host: '127.0.0.1',
      port: 0,
      metrics: stack.workerApp!.get(Metrics),
      worker: stack.worker!,
      connection: stack.client.connection,
      queue: { namespace: stack.config.temporal.namespace, taskQueue: `nobody-${randomUUID()}` },
    });
    try {
      const ready = await fetch(`${elsewhere.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable', worker: 'RUNNING', polling: false });
    } finally {
      await elsewhere.close();
    }
  });
});
