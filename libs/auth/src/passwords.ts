import { Algorithm, hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane).
const options = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON = ['password', '12345678', 'qwertyuiop', 'iloveyou', 'letmein', 'admin', 'onething'];

export interface PasswordProblem {
  code: 'too_short' | 'too_long' | 'too_simple' | 'contains_username' | 'too_common';
  message: string;
}

/** The password rules, each failure with a message a person can act on. */
export function passwordProblems(password: string, username?: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    problems.push({ code: 'too_short', message: `at least ${PASSWORD_MIN_LENGTH} characters` });
  if (length > PASSWORD_MAX_LENGTH)
    problems.push({ code: 'too_long', message: `at most ${PASSWORD_MAX_LENGTH} characters` });
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) =>
    re.test(password),
  ).length;
  // Long passphrases need no mix of character kinds.
  if (classes < 3 && length < 20)
    problems.push({
      code: 'too_simple',
      message: 'three of: lower-case letters, upper-case letters, digits, symbols (or 20+ characters)',
    });
  const lower = password.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username.toLowerCase()))
    problems.push({ code: 'contains_username', message: 'must not contain the username' });
  if (COMMON.some((word) => lower.replace(/[^a-z0-9]/g, '') === word || lower.startsWith(word + '123')))
    problems.push({ code: 'too_common', message: 'too common a password' });
  return problems;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check, so an unknown username cannot be told apart by timing. */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword('a dummy password nobody has 1!');
  await verifyPassword(await dummy, password);
  return false;
}
