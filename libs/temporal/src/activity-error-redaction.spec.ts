import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { redactActivityError } from './activity-error-redaction';

const residentId = '11010519491231002X';

function nulRefused(): QueryFailedError {
  const driver = Object.assign(
    new DatabaseError('invalid byte sequence for encoding "UTF8": 0x00', 90, 'error'),
    {
      severity: 'ERROR',
      code: '22021',
      where: `unnamed portal parameter $2 = '...${residentId}'`,
    },
  );
  return new QueryFailedError(
    'UPDATE "task" SET "reason" = $2 WHERE "id" = $1',
    ['t1', `ID ${residentId}\u0000`],
    driver,
  );
}

const everything = (error: unknown) =>
  JSON.stringify(error, (_key, value: unknown) =>
    value instanceof Error
      ? { ...value, message: value.message, stack: value.stack, cause: value.cause }
      : value,
  );

describe('redactActivityError', () => {
  it('turns a database error into a retryable failure of the same type with the SQLSTATE only', () => {
    const redacted = redactActivityError(nulRefused());
    expect(redacted).toBeInstanceOf(ApplicationFailure);
    expect(redacted).toMatchObject({
      type: 'QueryFailedError',
      nonRetryable: false,
      message: 'PostgreSQL error 22021 (data exception)',
      details: [{ code: '22021' }],
    });
    expect(everything(redacted)).not.toContain(residentId);
  });

  it('keeps a non-retryable failure non-retryable, with its type, and redacts its message and cause', () => {
    const original = nulRefused();
    const failure = ApplicationFailure.create({
      type: 'DataRefused',
      message: `the database refused the reason: ${original.message} (${String((original.parameters as unknown[])[1])})`,
      nonRetryable: true,
      details: [original.parameters, 'a note'],
      cause: original,
      category: ApplicationFailureCategory.BENIGN,
    });
    const redacted = redactActivityError(failure) as ApplicationFailure;
    expect(redacted).toMatchObject({
      type: 'DataRefused',
      nonRetryable: true,
      category: ApplicationFailureCategory.BENIGN,
      message: 'PostgreSQL error 22021 (data exception)',
    });
    expect(redacted.details).toEqual(['[redacted]', 'a note']);
    expect(redacted.cause).toMatchObject({
      type: 'QueryFailedError',
      message: 'PostgreSQL error 22021 (data exception)',
    });
    expect(everything(redacted)).not.toContain(residentId);
  });

  it('keeps a wrapper message that repeats no value, and the stack frames', () => {
    const wrapper = new Error('recording the decision failed', { cause: nulRefused() });
    const redacted = redactActivityError(wrapper) as ApplicationFailure;
    expect(redacted).toMatchObject({
      type: 'Error',
      message: 'recording the decision failed',
      nonRetryable: false,
    });
    expect(redacted.stack).toMatch(/^Error: recording the decision failed\n\s+at /);
  });

  it('passes errors without a database error through untouched', () => {
    const refused = ApplicationFailure.nonRetryable('department refused', 'DepartmentRefused');
    expect(redactActivityError(refused)).toBe(refused);
    const plain = new Error('connect ECONNREFUSED 127.0.0.1:1');
    expect(redactActivityError(plain)).toBe(plain);
  });
});
