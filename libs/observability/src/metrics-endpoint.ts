import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from './metrics';
import { metricsAccessAllowed } from './metrics-access';

/**
 * Answers a Prometheus scrape: the process's metrics, then whatever `more` adds (the worker's Temporal
 * SDK metrics). A caller `metricsAccessAllowed` refuses gets 404, as if there were nothing here.
 */
export function metricsHandler(metrics: Metrics, options: { token?: string; more?: () => Promise<string> }) {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (!metricsAccessAllowed(request, options.token)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    void Promise.all([metrics.exposition(), options.more?.() ?? Promise.resolve('')]).then(
      ([own, more]) => {
        response
          .writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' })
          .end(more ? `${own}\n${more}` : own);
      },
      (error: Error) => {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${error.name}`);
      },
    );
  };
}

/**
 * The Temporal SDK's own metrics, which its native runtime serves on a loopback port
 * (`telemetryOptions.metrics.prometheus`): fetched at scrape time and passed on. Empty when the runtime
 * does not answer, so the process's own metrics are still served.
 */
export function forwardedMetrics(url: string): () => Promise<string> {
  return async () => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      return response.ok ? await response.text() : '';
    } catch {
      return '';
    }
  };
}
