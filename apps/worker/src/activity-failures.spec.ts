import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import { z } from 'zod';
import {
  ConnectorTransportError,
  UnknownConnectorError,
  UnreadableConnectorError,
} from '@onething/connectors';
import { classifyActivityFailure, withClassifiedFailures } from './activity-failures';

const databaseError = (code: string, message: string) =>
  new QueryFailedError('UPDATE tasks SET decision_reason = $1', ['110105194912310021'], {
    code,
    message,
  } as unknown as Error);

const asFailure = (error: unknown) => {
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
};

describe('classifyActivityFailure', () => {
  it('makes a data exception (a NUL in text, SQLSTATE 22021) non-retryable, naming only the code', () => {
    const failure = asFailure(
      classifyActivityFailure(databaseError('22021', 'invalid byte sequence for encoding "UTF8": 0x00')),
    );
    expect(failure).toMatchObject({ type: 'DataRefused', nonRetryable: true });
    expect(failure.message).toBe('PostgreSQL refused the statement (SQLSTATE 22021)');
    expect(JSON.stringify(failure)).not.toContain('110105194912310021');
  });

  it('makes a constraint violation (class 23) non-retryable', () => {
    expect(asFailure(classifyActivityFailure(databaseError('23505', 'duplicate key')))).toMatchObject({
      type: 'DataRefused',
      nonRetryable: true,
    });
  });

  it('keeps other database errors (a serialization failure, a lost connection) retryable', () => {
    const failure = asFailure(classifyActivityFailure(databaseError('40001', 'could not serialize')));
    expect(failure).toMatchObject({ type: 'DatabaseError', nonRetryable: false });
  });

  it('makes validation errors non-retryable with the paths, not the values', () => {
    const parsed = z.object({ reason: z.string().max(3) }).safeParse({ reason: 'secret value' });
    const failure = asFailure(classifyActivityFailure(parsed.error));
    expect(failure).toMatchObject({ type: 'ValidationFailed', nonRetryable: true });
    expect(failure.message).toContain('reason');
    expect(failure.message).not.toContain('secret');
  });

  it("keeps a department's transport failure retryable and makes a refused request non-retryable", () => {
    const down = asFailure(
      classifyActivityFailure(new ConnectorTransportError('credit', 'server-error', 'failed', 503)),
    );
    expect(down).toMatchObject({ type: 'DepartmentUnavailable', nonRetryable: false });
    const refused = asFailure(
      classifyActivityFailure(new ConnectorTransportError('credit', 'request-refused', 'refused', 400)),
    );
    expect(refused).toMatchObject({ type: 'DepartmentRefused', nonRetryable: true });
    expect(asFailure(classifyActivityFailure(new UnknownConnectorError('nope')))).toMatchObject({
      type: 'ConnectorMisconfigured',
      nonRetryable: true,
    });
    const unreadable = new UnreadableConnectorError('legacy', 3, ['timeoutMs', 'auth.type']);
    expect(asFailure(classifyActivityFailure(unreadable))).toMatchObject({
      type: 'ConnectorMisconfigured',
      message: 'connector legacy version 3: unreadable settings at timeoutMs, auth.type',
      nonRetryable: true,
    });
  });

  it('passes ApplicationFailures and unknown errors on as they are', () => {
    const own = ApplicationFailure.nonRetryable('no', 'UnknownAnswer');
    expect(classifyActivityFailure(own)).toBe(own);
    const other = new Error('socket hang up');
    expect(classifyActivityFailure(other)).toBe(other);
  });

  it('wraps every activity of a set', async () => {
    const activities = withClassifiedFailures({
      ok: (n: number) => Promise.resolve(n + 1),
      broken: () => Promise.reject(databaseError('22P05', 'unsupported Unicode escape sequence')),
    });
    await expect(activities.ok(1)).resolves.toBe(2);
    await expect(activities.broken()).rejects.toMatchObject({ type: 'DataRefused', nonRetryable: true });
  });
});
