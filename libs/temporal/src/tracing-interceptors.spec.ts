import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { WorkflowStartInput } from '@temporalio/client';
import { startTracing, type Tracing } from '@onething/observability';
import { tracingActivityInterceptor, tracingClientInterceptor } from './tracing-interceptors';

const TRACE_HEADER = '_tracer-data';

/** The headers a workflow start leaves the client with, through the tracing interceptor. */
async function startHeaders(): Promise<Record<string, unknown>> {
  const interceptor = tracingClientInterceptor();
  let sent: Record<string, unknown> = {};
  const input = {
    workflowType: 'caseWorkflow',
    headers: { other: { data: new Uint8Array() } },
    options: { workflowId: 'case-1', taskQueue: 'cases', args: [] },
  } as unknown as WorkflowStartInput;
  await interceptor.start?.(input, (passed) => {
    sent = passed.headers;
    return Promise.resolve('run-1');
  });
  return sent;
}

describe('tracing interceptors', () => {
  let tracing: Tracing | undefined;
  const spans = new InMemorySpanExporter();
  afterEach(async () => {
    await tracing?.shutdown();
    tracing = undefined;
    spans.reset();
  });

  it('start a workflow without trace context while this process does not trace', async () => {
    const headers = await startHeaders();
    // The workflow then never loads OpenTelemetry (workflows/src/tracing-interceptors.ts).
    expect(Object.keys(headers)).toEqual(['other']);
    expect(spans.getFinishedSpans()).toHaveLength(0);
  });

  it('carry the trace context on a start, in a span of its own, once tracing is on', async () => {
    tracing = startTracing({ service: 'onething-test', processor: new SimpleSpanProcessor(spans) });
    const headers = await startHeaders();
    expect(Object.keys(headers).sort()).toEqual([TRACE_HEADER, 'other']);
    expect(spans.getFinishedSpans().map((span) => span.name)).toEqual(['StartWorkflow:caseWorkflow']);
  });

  it('give activities spans only while tracing is on', () => {
    const context = {} as Parameters<typeof tracingActivityInterceptor>[0];
    expect(tracingActivityInterceptor(context)).toEqual({});
    tracing = startTracing({ service: 'onething-test', processor: new SimpleSpanProcessor(spans) });
    const traced = tracingActivityInterceptor(context);
    expect(Object.keys(traced).sort()).toEqual(['inbound', 'outbound']);
  });
});
