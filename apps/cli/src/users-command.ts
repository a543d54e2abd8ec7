import { DataSource } from 'typeorm';
import { IdentityService, newAccountSchema } from '@onething/auth';
import type { AppConfig } from '@onething/config';
import { AuthError, AuthErrorCode } from '@onething/errors';
import { dataSourceOptions, migrate } from '@onething/persistence';

// `onething users ...`: bootstrap of a real deployment, straight against its database.

export const USERS_USAGE = `Usage: onething users create-admin --username <name> [--display-name <text>]

Creates an administrator account (the first one of a deployment; later ones through the admin API).
The password is read from standard input (its first line), or from ONETHING_ADMIN_PASSWORD when
standard input is a terminal. It is never printed. Needs DATABASE_URL (and DATABASE_SCHEMA if not public).

Exit codes: 0 created, 1 refused (password rules, username taken), 2 usage error.
`;

export interface UsersCommandResult {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

export interface UsersCommandIo {
  config: AppConfig;
  /** The first line of standard input, or undefined when it is a terminal. */
  readPassword(): Promise<string | undefined>;
}

const usage = (message: string): UsersCommandResult => ({
  exitCode: 2,
  stdout: '',
  stderr: `${message}\n\n${USERS_USAGE}`,
});

export async function runUsersCommand(
  argv: readonly string[],
  io: UsersCommandIo,
): Promise<UsersCommandResult> {
  const [group, command, ...rest] = argv;
  if (group !== 'users') return usage(`Unknown command: ${group ?? ''}`);
  if (rest.includes('--help') || command === '--help')
    return { exitCode: 0, stdout: USERS_USAGE, stderr: '' };
  if (command !== 'create-admin')
    return usage(command ? `Unknown users command: ${command}` : 'Missing users command.');
  const options: Record<string, string> = {};
  for (let index = 0; index < rest.length; index += 2) {
    const [name, value] = [rest[index], rest[index + 1]];
    if (name !== '--username' && name !== '--display-name') return usage(`Unknown option: ${name}`);
    if (value === undefined || value.startsWith('--')) return usage(`${name} needs a value.`);
    options[name] = value;
  }
  const username = options['--username'];
  if (!username) return usage('--username is required.');
  const url = io.config.database.url;
  if (!url) return usage('DATABASE_URL must point at the deployment database.');
  const password = (await io.readPassword()) ?? io.config.auth.bootstrapAdminPassword;
  if (!password) return usage('No password: pipe it on standard input or set ONETHING_ADMIN_PASSWORD.');

  const input = newAccountSchema.safeParse({
    username,
    displayName: options['--display-name'] ?? username,
    password,
    roles: ['administrator'],
  });
  if (!input.success) {
    const lines = input.error.issues.map((issue) => `  ${issue.path.join('.') || 'input'}: ${issue.message}`);
    return { exitCode: 1, stdout: '', stderr: `Refused:\n${lines.join('\n')}\n` };
  }
  const dataSource = await new DataSource(dataSourceOptions({ ...io.config.database, url })).initialize();
  try {
    await migrate(dataSource);
    const account = await new IdentityService(dataSource).createAccount(input.data, {
      accountId: null,
      address: 'cli',
    });
    return {
      exitCode: 0,
      stdout: `Created administrator ${account.username} (${account.id}).\n`,
      stderr: '',
    };
  } catch (error) {
    if (error instanceof AuthError && error.code === AuthErrorCode.UsernameTaken)
      return { exitCode: 1, stdout: '', stderr: `Refused: the username ${username} is taken.\n` };
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

/** Standard input's first line, unless it is a terminal (then the environment is the source). */
export async function readFirstLine(stdin: NodeJS.ReadStream): Promise<string | undefined> {
  if (stdin.isTTY) return undefined;
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0];
  return line ? line : undefined;
}
