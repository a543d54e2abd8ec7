import { AuthError, AuthErrorCode, TooManyAttempts } from './auth.errors';
import { DomainError } from './domain-error';
import { issuesToDetails } from './zod-issues';
import { z } from 'zod';

describe('DomainError', () => {
  it('is named after its feature class and keeps code, path and details', () => {
    const error = new AuthError(AuthErrorCode.UsernameTaken, 'That username is taken', 'username');
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ name: 'AuthError', code: 'USERNAME_TAKEN', path: 'username', details: [] });
    expect(error.retryAfterSeconds).toBeUndefined();
  });

  it('rounds a throttled wait up to whole seconds, never below one', () => {
    expect(new TooManyAttempts(1).retryAfterSeconds).toBe(1);
    expect(new TooManyAttempts(1_001).retryAfterSeconds).toBe(2);
    expect(new TooManyAttempts(30_000)).toMatchObject({
      code: AuthErrorCode.TooManyAttempts,
      message: 'Too many attempts; retry in 30 s',
    });
  });
});

describe('issuesToDetails', () => {
  it('reports an unknown key at the key itself and a custom rule by its own code', () => {
    const schema = z.strictObject({
      name: z.string().refine((value) => value !== 'x', { params: { code: 'TEXT_X' }, message: 'no x' }),
    });
    const result = schema.safeParse({ name: 'x', extra: 1 });
    expect(result.success).toBe(false);
    expect(issuesToDetails(result.error!.issues)).toEqual(
      expect.arrayContaining([
        { code: 'unknown_field', message: expect.any(String), path: 'extra' },
        { code: 'TEXT_X', message: 'no x', path: 'name' },
      ]),
    );
  });
});
