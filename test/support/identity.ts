import { generateSigningJwk, ROLES, seedDemoIdentity, type Role, type TokenPair } from '@onething/auth';
import type { JWK } from 'jose';
import type { DataSource } from 'typeorm';

/** Every seeded test person (`test-<role>`) has this password; it exists only in test schemas. */
export const TEST_PASSWORD = 'Test-Password-2026!';

export interface TestAccounts {
  /** The seeded account of each role: `test-applicant`, `test-counter-clerk`, … */
  accounts: Record<Role, { id: string; username: string }>;
}

let sharedJwk: Promise<JWK> | undefined;
/** One signing key per Jest worker, given to every stack, so tests can also forge tokens with it. */
export function testSigningJwk(): Promise<JWK> {
  sharedJwk ??= generateSigningJwk();
  return sharedJwk;
}

export async function seedTestIdentity(dataSource: DataSource): Promise<TestAccounts['accounts']> {
  const logins = await seedDemoIdentity(dataSource, { password: TEST_PASSWORD, prefix: 'test-' });
  const rows = await dataSource.query<{ id: string; username: string }[]>(
    `SELECT id, username FROM accounts WHERE username = ANY($1)`,
    [logins.map((l) => l.username)],
  );
  return Object.fromEntries(
    ROLES.map((role) => {
      const username = logins.find((l) => l.role === role)!.username;
      return [role, { id: rows.find((r) => r.username === username)!.id, username }];
    }),
  ) as TestAccounts['accounts'];
}

export async function loginAt(
  baseUrl: string,
  username: string,
  password = TEST_PASSWORD,
): Promise<TokenPair> {
  const response = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login of ${username} answered ${response.status}`);
  return (await response.json()) as TokenPair;
}
