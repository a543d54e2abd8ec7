import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { acceptOrCreateRequestId, runWithRequestId } from '@onething/logging';
import type { Metrics } from './metrics';
import { TRACER_NAME } from './tracing';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * The route template a request matched (`/cases/:id`), never its URL: URLs carry ids and queries, and
 * a label per URL would grow without bound. `unmatched` for anything no route took.
 */
export function routeTemplate(request: Request, response: Response): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${request.baseUrl}${path}`;
  // A handler outside the router (the metrics endpoint) names its route itself.
  const named: unknown = response.locals.routeTemplate;
  return typeof named === 'string' ? named : 'unmatched';
}

/**
 * Every request gets an id (a valid incoming `X-Request-Id`, or a new one) answered in `X-Request-Id`
 * and named by every log line written while serving it; a SERVER span that continues the caller's trace
 * (W3C `traceparent`); and its duration in `onething_http_request_duration_seconds` by route template.
 */
export function observeHttp(metrics: Metrics) {
  const tracer = trace.getTracer(TRACER_NAME);
  return (request: Request, response: Response, next: NextFunction) => {
    const requestId = acceptOrCreateRequestId(request.headers['x-request-id']);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    const started = process.hrtime.bigint();
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer.startSpan(
      `HTTP ${request.method}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'onething.request_id': requestId },
      },
      parent,
    );
    // 'close' comes after 'finish', and also when the client went away before the answer was sent.
    response.once('close', () => {
      const route = routeTemplate(request, response);
      const status = response.statusCode;
      metrics.httpDuration.observe(
        { method: request.method, route, status: String(status) },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      span.updateName(`${request.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    runWithRequestId(requestId, () => context.with(trace.setSpan(parent, span), next));
  };
}
