import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export const TRACER_NAME = 'onething';

export interface Tracing {
  processor: SpanProcessor;
  resource: Resource;
  shutdown(): Promise<void>;
}

let installed: Tracing | undefined;

/**
 * Tracing for this process: spans go to `processor` (tests: an in-memory exporter), or over OTLP/HTTP to
 * `otlpEndpoint` (its `/v1/traces`); with neither, nothing is installed and the OpenTelemetry API stays
 * a no-op. Registers the W3C trace-context propagator and the async context manager process-wide, once.
 */
export function startTracing(options: {
  service: string;
  otlpEndpoint?: string;
  processor?: SpanProcessor;
}): Tracing | undefined {
  if (installed) return installed;
  const processor =
    options.processor ??
    (options.otlpEndpoint
      ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint}/v1/traces` }))
      : undefined);
  if (!processor) return undefined;
  const resource = new Resource({ [ATTR_SERVICE_NAME]: options.service });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  installed = {
    processor,
    resource,
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      installed = undefined;
    },
  };
  return installed;
}

/** Whether this process sends spans anywhere: with tracing off, callers skip work that only feeds spans. */
export function tracingStarted(): boolean {
  return installed !== undefined;
}

/** The process's tracing, if started; the worker hands workflow spans (sent out through a sink) to it. */
export function currentTracing(): Pick<Tracing, 'processor' | 'resource'> {
  return installed ?? { processor: new NoopSpanProcessor(), resource: Resource.default() };
}

/**
 * Runs `work` in a CLIENT span, with the trace context added to `headers` so the other side can join the
 * trace. Attributes are codes and addresses only, never the request's data.
 */
export async function withClientSpan<T>(
  name: string,
  attributes: Attributes,
  headers: Record<string, string>,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    propagation.inject(context.active(), headers);
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
      throw error;
    } finally {
      span.end();
    }
  });
}
