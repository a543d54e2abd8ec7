/**
 * The app's one way to call the API. The session lives in HttpOnly cookies the script cannot read; the
 * CSRF token is the readable cookie's value, echoed in a header on every unsafe request (the
 * double-submit pattern the API checks). An expired access token is renewed once, transparently.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiErrorDetail {
  path: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly details: ApiErrorDetail[] = [],
    /** The whole problem document (RFC 9457), for extension members. */
    readonly problem: Record<string, unknown> = {},
  ) {
    super(title);
    this.name = 'ApiError';
  }
}

export interface ApiInit {
  signal?: AbortSignal;
  query?: Record<string, string | number | undefined>;
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
}

export const CSRF_COOKIE = 'onething_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The language the user chose; the API answers catalog texts and messages in it. */
let currentLanguage = 'zh-CN';
export function setApiLanguage(language: string): void {
  currentLanguage = language;
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** Headers every request carries: the language, and the CSRF token on unsafe methods. */
export function standardHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { 'Accept-Language': currentLanguage };
  const csrf = readCookie(CSRF_COOKIE);
  if (!SAFE_METHODS.has(method) && csrf) headers[CSRF_HEADER] = csrf;
  return headers;
}

export function urlOf(path: string, query?: ApiInit['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

let renewing: Promise<boolean> | undefined;
/** Exchanges the refresh cookie for new session cookies; concurrent 401s share one exchange. */
export function renewSession(): Promise<boolean> {
  renewing ??= fetch('/auth/session/refresh', {
    method: 'POST',
    credentials: 'same-origin',
    headers: standardHeaders('POST'),
  })
    .then((response) => response.ok)
    .catch(() => false)
    .finally(() => {
      renewing = undefined;
    });
  return renewing;
}

export async function problemOf(response: Response): Promise<ApiError> {
  let problem: Record<string, unknown> = {};
  try {
    problem = (await response.json()) as Record<string, unknown>;
  } catch {
    problem = {};
  }
  const details = Array.isArray(problem.details) ? (problem.details as ApiErrorDetail[]) : [];
  return new ApiError(
    response.status,
    typeof problem.code === 'string' ? problem.code : `HTTP_${response.status}`,
    typeof problem.title === 'string' ? problem.title : response.statusText,
    details,
    problem,
  );
}

async function send(method: HttpMethod, path: string, body: unknown, init: ApiInit): Promise<Response> {
  const headers: Record<string, string> = { ...standardHeaders(method), ...init.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(urlOf(path, init.query), {
    method,
    credentials: 'same-origin',
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

export async function api<T>(
  method: HttpMethod,
  path: string,
  body?: unknown,
  init: ApiInit = {},
): Promise<T> {
  let response = await send(method, path, body, init);
  if (response.status === 401 && path !== '/auth/session' && (await renewSession()))
    response = await send(method, path, body, init);
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}
