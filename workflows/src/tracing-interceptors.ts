/**
 * Temporal's OpenTelemetry workflow interceptors, only for workflows whose start carried trace context.
 *
 * Histories recorded before tracing existed must replay exactly: run against them, the interceptors
 * take their oldest code paths (SDK flags absent from those histories), which add yields that reorder
 * commands under cancellation. Whether a run is traced is decided from its own history — the trace
 * header (`_tracer-data`) the OpenTelemetry client interceptor puts on a start while its process traces,
 * and the workflow interceptor on every child a traced run starts — so a run decides the same way on
 * every replay, and old runs, started without it, are left untouched. Not a workflow: the bundle loads
 * it as an interceptor module.
 */
import type {
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowInternalsInterceptor,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type * as OpenTelemetryLibrary from '@temporalio/interceptors-opentelemetry/lib/workflow';

type OpenTelemetryWorkflow = typeof OpenTelemetryLibrary;

const TRACE_HEADER = '_tracer-data';

/**
 * Temporal's OpenTelemetry workflow library, evaluated only by a run that is traced: every run evaluates
 * the modules it loads afresh (about 120 for OpenTelemetry, half of a run's set-up time), and a run whose
 * start carried no trace context has no use for them. A synchronous require, so loading it adds no yield.
 */
function loadOpenTelemetry(): OpenTelemetryWorkflow {
  // A static import would evaluate it in every run; webpack bundles a require all the same.
  // eslint-disable-next-line no-restricted-globals, @typescript-eslint/no-require-imports
  return require('@temporalio/interceptors-opentelemetry/lib/workflow') as OpenTelemetryWorkflow;
}

type Call = (input: unknown, next: (input: unknown) => unknown) => unknown;

/**
 * The traced run's interceptor's methods once it exists (`traced()`), none otherwise (an `override`
 * always). Looked up at call time: the SDK composes its interceptors on every call and skips a method
 * an interceptor lacks, so an untraced run goes straight to the next one.
 */
function gated<T extends object>(traced: () => T | undefined, overrides: Partial<T> = {}): T {
  return new Proxy({} as T, {
    get(_, property) {
      if (property in overrides) return (overrides as Record<PropertyKey, unknown>)[property];
      const target = traced();
      if (target === undefined) return undefined;
      const method = Reflect.get(target, property) as unknown;
      if (typeof method !== 'function') return method;
      return ((input, next) => (method as Call).call(target, input, next)) as Call;
    },
  });
}

interface TracedRun {
  inbound: WorkflowInboundCallsInterceptor;
  outbound: WorkflowOutboundCallsInterceptor;
  internals: WorkflowInternalsInterceptor;
}

export const interceptors = (): WorkflowInterceptors => {
  let traced: TracedRun | undefined;
  // The run's first call: its start headers say whether it is traced, for the whole run.
  const execute = (input: WorkflowExecuteInput, next: (input: WorkflowExecuteInput) => Promise<unknown>) => {
    if (input.headers[TRACE_HEADER] === undefined) return next(input);
    const openTelemetry = loadOpenTelemetry();
    const inbound = new openTelemetry.OpenTelemetryInboundInterceptor();
    traced = {
      inbound,
      outbound: new openTelemetry.OpenTelemetryOutboundInterceptor(),
      // Disposes the run's context manager when the run leaves the cache.
      internals: new openTelemetry.OpenTelemetryInternalsInterceptor(),
    };
    return inbound.execute(input, next);
  };
  return {
    inbound: [gated(() => traced?.inbound, { execute })],
    outbound: [gated(() => traced?.outbound)],
    internals: [gated(() => traced?.internals)],
  };
};
