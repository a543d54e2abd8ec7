import { assertConforms } from './response-conformance';

/** What the integration tests send: a JSON body (or raw text, to send malformed JSON), a token, headers. */
export interface HttpCallOptions {
  body?: unknown;
  /** Sent as it is instead of `body`. */
  raw?: string;
  /** Raw bytes (a file upload), sent as `application/octet-stream` unless `headers` say otherwise. */
  bytes?: Uint8Array;
  /** Sent as `authorization: Bearer <token>`. */
  token?: string;
  headers?: Record<string, string>;
}

export interface HttpCallResult<B = any> {
  status: number;
  /** The parsed JSON answer; undefined when the answer is empty. */
  body: B;
  headers: Headers;
}

/** The integration tests' one HTTP client for the API. */
export async function httpCall<B = any>(
  base: string,
  method: string,
  path: string,
  options: HttpCallOptions = {},
): Promise<HttpCallResult<B>> {
  const body =
    options.bytes ?? options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': options.bytes ? 'application/octet-stream' : 'application/json',
      ...options.headers,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  // A download's bytes come back as text; everything else is JSON.
  const parsed = text && isJson(response.headers) ? (JSON.parse(text) as B) : ((text || undefined) as B);
  assertConforms(base, method, path, response.status, parsed);
  return { status: response.status, body: parsed, headers: response.headers };
}

function isJson(headers: Headers): boolean {
  return /json/.test(headers.get('content-type') ?? 'application/json');
}

/** What makes one response distinguishable from another: its headers less the per-response ones. */
export function comparableHeaders(headers: Headers): Record<string, string> {
  const perResponse = new Set(['date', 'x-request-id']);
  return Object.fromEntries([...headers].filter(([name]) => !perResponse.has(name)));
}
