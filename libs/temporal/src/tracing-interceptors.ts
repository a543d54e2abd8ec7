import { join } from 'node:path';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { currentTracing, tracingStarted } from '@onething/observability';

/**
 * Temporal's OpenTelemetry interceptors: the client's start, signal and Update calls carry the trace
 * context in their headers; the workflow (interceptors bundled with it, see workflow-bundle.ts) and each
 * activity continue it, so one trace runs from the HTTP request to each department's call. Attributes
 * are workflow and activity types and ids, never payloads.
 *
 * With tracing off in this process they step aside: a start then carries no trace header, so its
 * workflow never loads OpenTelemetry (about 120 modules evaluated per run, and a span wrapper around
 * every activity it schedules), and an activity runs without a span nobody would receive.
 */
export const tracingClientInterceptor = (): WorkflowClientInterceptor =>
  whileTracing(new OpenTelemetryWorkflowClientInterceptor());

export const tracingActivityInterceptor: ActivityInterceptorsFactory = (ctx) =>
  tracingStarted()
    ? {
        inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
        outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
      }
    : {};

type Call = (input: unknown, next: (input: unknown) => unknown) => unknown;

/**
 * `traced`'s methods while this process traces (decided per call: tracing may start after the client
 * is built), the next interceptor's otherwise.
 */
function whileTracing<T extends object>(traced: T): T {
  return new Proxy(traced, {
    get(target, property) {
      const method = Reflect.get(target, property) as unknown;
      if (typeof method !== 'function') return method;
      return ((input, next) =>
        tracingStarted() ? (method as Call).call(target, input, next) : next(input)) as Call;
    },
  });
}

/**
 * Workflow code cannot export spans itself: it hands them to this sink, which passes them to the
 * process's span processor (a no-op one when tracing is off). Every worker running the project's
 * workflow bundle registers it, or the SDK logs each span as a call to an unregistered sink.
 */
export function workflowTracingSinks(): InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> {
  const { processor, resource } = currentTracing();
  return { exporter: makeWorkflowExporter(processor, resource) };
}

/**
 * The module the workflow bundle loads its interceptors from: Temporal's OpenTelemetry workflow
 * interceptors, for runs whose start carried trace context (so recorded histories replay unchanged).
 */
export const workflowTracingInterceptorsModule = join(
  __dirname,
  '..',
  '..',
  '..',
  'workflows',
  'src',
  'tracing-interceptors.ts',
);
