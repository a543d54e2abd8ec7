/**
 * Temporal's OpenTelemetry workflow interceptors, only for workflows whose start carried trace context.
 *
 * Histories recorded before tracing existed must replay exactly: run against them, the interceptors
 * take their oldest code paths (SDK flags absent from those histories), which add yields that reorder
 * commands under cancellation. Whether a run is traced is decided from its own history — the trace
 * header (`_tracer-data`) the OpenTelemetry client interceptor puts on every start, and the workflow
 * interceptor on every child it starts — so a run decides the same way on every replay, and old runs,
 * started without it, are left untouched. Not a workflow: the bundle loads it as an interceptor module.
 */
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type {
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

const TRACE_HEADER = '_tracer-data';

type Call = (input: unknown, next: (input: unknown) => unknown) => unknown;

/**
 * `traced`'s methods when the run is traced, the next interceptor's otherwise (an `override` always).
 * Each method is looked up on the traced interceptor at call time, so one it lacks is not called.
 */
function gated<T extends object>(traced: T, isTraced: () => boolean, overrides: Partial<T> = {}): T {
  return new Proxy(traced, {
    get(target, property) {
      if (property in overrides) return (overrides as Record<PropertyKey, unknown>)[property];
      const method = Reflect.get(target, property) as unknown;
      if (typeof method !== 'function') return method;
      return ((input, next) =>
        isTraced() ? (method as Call).call(target, input, next) : next(input)) as Call;
    },
  });
}

export const interceptors = (): WorkflowInterceptors => {
  let traced = false;
  const otelInbound = new OpenTelemetryInboundInterceptor();
  // The run's first call: its start headers say whether it is traced, for the whole run.
  const execute = (input: WorkflowExecuteInput, next: (input: WorkflowExecuteInput) => Promise<unknown>) => {
    traced = input.headers[TRACE_HEADER] !== undefined;
    return traced ? otelInbound.execute(input, next) : next(input);
  };
  const inbound: WorkflowInboundCallsInterceptor = gated(otelInbound, () => traced, { execute });
  const outbound: WorkflowOutboundCallsInterceptor = gated(
    new OpenTelemetryOutboundInterceptor(),
    () => traced,
  );
  return {
    inbound: [inbound],
    outbound: [outbound],
    // Disposes the run's context manager: harmless for a run that never traced.
    internals: [new OpenTelemetryInternalsInterceptor()],
  };
};
