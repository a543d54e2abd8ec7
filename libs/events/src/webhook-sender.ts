import { performance } from 'node:perf_hooks';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** What one attempt came to: a 2xx is delivered; anything else (or no answer) failed. */
export interface WebhookResponse {
  delivered: boolean;
  status: number | null;
  latencyMs: number;
  /** Why it failed, in our words: the status, a timeout, a network error code. Never a response body. */
  error: string | null;
  retryAfter: string | null;
}

/**
 * One POST to a subscriber. Redirects are not followed (a signed message goes where it was addressed,
 * nowhere else), and the response body is not read: the status says everything.
 */
export async function sendWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    const delivered = response.status >= 200 && response.status < 300;
    return {
      delivered,
      status: response.status,
      latencyMs: elapsed(),
      error: delivered ? null : `HTTP ${response.status}`,
      retryAfter: response.headers.get('retry-after'),
    };
  } catch (error) {
    return {
      delivered: false,
      status: null,
      latencyMs: elapsed(),
      error: describe(error, request),
      retryAfter: null,
    };
  }
}

function describe(error: unknown, request: WebhookRequest): string {
  // Not `instanceof`: the AbortSignal's DOMException may come from another realm than this module's Error.
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${request.timeoutMs} ms`;
  if (typeof cause?.code === 'string') return `network error ${cause.code}`;
  return 'network error';
}
