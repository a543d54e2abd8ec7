/**
 * The benchmarks' HTTP client of the API: a demo person signed in (`seedDemoIdentity`), signing in again
 * when the access token expires, and `POST /cases` timed, with the API's load shedding (503 with
 * Retry-After) reported rather than thrown.
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { seedDemoIdentity, type Role } from '@onething/auth';

const PASSWORD = 'Bench-Password-2026!';

/** A person of the demo identity, signed in to the API over HTTP: requests carry its bearer token. */
export interface SignedInClient {
  accountId: string;
  /** `fetch` against the API with the token; signs in again once when the token has expired (401). */
  request(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * Seeds the demo identity (accounts `bench-<role>` with `password`) and signs in as the person of
 * `role`. Many requests in flight may meet an expired token together: they share one new sign-in, so a
 * burst does not trip the sign-in rate limit.
 */
export async function signInDemo(
  baseUrl: string,
  dataSource: DataSource,
  role: Role,
  password: string = PASSWORD,
): Promise<SignedInClient> {
  const logins = await seedDemoIdentity(dataSource, { password, prefix: 'bench-' });
  const login = logins.find((candidate) => candidate.role === role);
  if (!login) throw new Error(`no demo account of role ${role}`);
  const signIn = async (): Promise<string> => {
    const response = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: login.username, password }),
    });
    if (response.status !== 200) throw new Error(`sign-in as ${role} answered ${response.status}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  let token = signIn();
  const send = async (path: string, init: RequestInit, bearer: string) =>
    fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${bearer}` },
    });
  const request = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const used = token;
    const answer = await send(path, init, await used);
    if (answer.status !== 401) return answer;
    await answer.arrayBuffer();
    // The first request to see the expiry signs in again; the others wait on that same sign-in.
    if (token === used) token = signIn();
    return send(path, init, await token);
  };
  const me = (await (await request('/me')).json()) as { id: string };
  return { accountId: me.id, request };
}

export interface Submission {
  status: number;
  /** Time from sending the request to having read the whole answer (a rare re-sign-in included). */
  ms: number;
  /** The new case's id (201). */
  caseId?: string;
  /** Seconds the API asked to wait (503 OVERLOADED). */
  retryAfterSeconds?: number;
}

export interface ApiClient {
  submitCase(body: { definitionKey: string; application: Record<string, unknown> }): Promise<Submission>;
}

/** Seeds the demo identity (prefix `bench-`) in the API's schema and signs in as `role`. */
export async function signInAs(baseUrl: string, dataSource: DataSource, role: Role): Promise<ApiClient> {
  const client = await signInDemo(baseUrl, dataSource, role);
  return {
    async submitCase(body) {
      const started = performance.now();
      const response = await client.request('/cases', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json().catch(() => ({}))) as { id?: string };
      const ms = performance.now() - started;
      const retryAfter = Number(response.headers.get('retry-after'));
      return {
        status: response.status,
        ms,
        ...(response.status === 201 && answer.id ? { caseId: answer.id } : {}),
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      };
    },
  };
}
