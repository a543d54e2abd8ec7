import type { DataSource } from 'typeorm';
import { seedDemoIdentity, type Role } from '@onething/auth';

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
  password: string,
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
    if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
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
