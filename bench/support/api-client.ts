/**
 * The benchmarks' HTTP client of the API: a demo person signed in (`seedDemoIdentity`), signing in again
 * when the access token expires, and `POST /cases` timed, with the API's load shedding (503 with
 * Retry-After) reported rather than thrown.
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { seedDemoIdentity, type Role } from '@onething/auth';

const PASSWORD = 'Bench-Password-2026!';

export interface Submission {
  status: number;
  /** Time from sending the request to having read the whole answer. */
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
  const logins = await seedDemoIdentity(dataSource, { password: PASSWORD, prefix: 'bench-' });
  const person = logins.find((login) => login.role === role);
  if (!person) throw new Error(`no demo ${role}`);
  const login = async () => {
    const response = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: person.username, password: PASSWORD }),
    });
    if (response.status !== 200) throw new Error(`sign-in as ${role} answered ${response.status}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  let token = await login();
  let signingIn: Promise<string> | undefined;
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  return {
    async submitCase(body) {
      let started = performance.now();
      let response = await post('/cases', body);
      if (response.status === 401) {
        // Expired: one sign-in for every request that found out at once; the retry is what is timed.
        await response.arrayBuffer();
        token = await (signingIn ??= login().finally(() => (signingIn = undefined)));
        started = performance.now();
        response = await post('/cases', body);
      }
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
