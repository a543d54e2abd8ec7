import { hashPassword, passwordProblems, verifyPassword } from './passwords';

describe('passwords', () => {
  it('names every rule a password breaks', () => {
    expect(passwordProblems('short').map((p) => p.code)).toEqual(['too_short', 'too_simple']);
    expect(passwordProblems('alllowercaseletters').map((p) => p.code)).toEqual(['too_simple']);
    expect(passwordProblems('Alice-Secret-2026', 'alice').map((p) => p.code)).toEqual(['contains_username']);
    expect(passwordProblems('Password123!').map((p) => p.code)).toEqual(['too_common']);
    expect(passwordProblems('x'.repeat(129)).map((p) => p.code)).toContain('too_long');
  });

  it('accepts a mixed password and a long passphrase', () => {
    expect(passwordProblems('Tiger-Lily-42')).toEqual([]);
    expect(passwordProblems('correct horse battery staple')).toEqual([]);
  });

  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('Tiger-Lily-42');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'Tiger-Lily-42')).toBe(true);
    expect(await verifyPassword(hash, 'Tiger-Lily-43')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
