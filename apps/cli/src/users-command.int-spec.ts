import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfigFromProcess } from '@onething/config';
import { dataSourceOptions, SecurityEventEntity } from '@onething/persistence';

// Spawns the real CLI against the run's PostgreSQL (this Jest worker's schema), as an operator would.

const root = resolve(__dirname, '..', '..', '..');

function cli(args: string[], input?: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['-r', './tools/register.js', 'apps/cli/src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    input,
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dataSource: DataSource;
beforeAll(async () => {
  const config = loadConfigFromProcess();
  dataSource = await new DataSource(
    dataSourceOptions({ ...config.database, url: config.database.url! }),
  ).initialize();
});
afterAll(async () => {
  await dataSource.destroy();
});

describe('onething users create-admin', () => {
  it('creates the first administrator with the password from stdin, without printing it', async () => {
    const password = 'First-Admin-Pass-77';
    const result = cli(
      ['users', 'create-admin', '--username', 'root-admin', '--display-name', 'Root'],
      `${password}\n`,
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Created administrator root-admin \(/);
    expect(result.stdout + result.stderr).not.toContain(password);
    const [row] = await dataSource.query<{ roles: string[]; password_hash: string }[]>(
      `SELECT roles, password_hash FROM accounts WHERE username = 'root-admin'`,
    );
    expect(row?.roles).toEqual(['administrator']);
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(
      await dataSource
        .getRepository(SecurityEventEntity)
        .countBy({ type: 'account.created', address: 'cli' }),
    ).toBeGreaterThan(0);

    const again = cli(['users', 'create-admin', '--username', 'ROOT-ADMIN'], `${password}\n`);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('is taken');
  });

  it('reads the password from ONETHING_ADMIN_PASSWORD when stdin gives none', () => {
    const result = cli(['users', 'create-admin', '--username', 'env-admin'], '', {
      ONETHING_ADMIN_PASSWORD: 'Bright-Moon-Pass-77',
    });
    expect(result.status).toBe(0);
  });

  it('refuses a weak password (exit 1) and wrong usage (exit 2)', () => {
    const weak = cli(['users', 'create-admin', '--username', 'weak-admin'], 'qwerty7\n');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('password rule too_short');
    expect(weak.stderr + weak.stdout).not.toContain('qwerty7');
    expect(cli(['users', 'create-admin'], 'x\n').status).toBe(2);
    expect(cli(['users', 'create-admin', '--username', 'x', '--role', 'king'], 'x\n').status).toBe(2);
    expect(cli(['users', 'frobnicate']).stderr).toContain('Usage: onething users');
  });
});
