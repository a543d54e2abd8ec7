import { createServer } from 'node:net';
import { Metadata, status } from '@grpc/grpc-js';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { Client, DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { ApiErrorCode } from './api-error';
import { infrastructureFailure, RETRY_AFTER_SECONDS } from './infrastructure-errors';

function sqlError(code: string, message = 'server says no'): QueryFailedError {
  const driverError = new DatabaseError(message, message.length, 'error');
  driverError.code = code;
  return new QueryFailedError('SELECT 1', [], driverError);
}

function grpcError(code: status): Error {
  return Object.assign(new Error(`${code} grpc failure`), { code, details: 'x', metadata: new Metadata() });
}

/** What node-postgres really throws when nothing listens on the port. */
async function refusedConnection(): Promise<unknown> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return new Client({ host: '127.0.0.1', port, user: 'x', database: 'x' }).connect().then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('infrastructureFailure', () => {
  it('turns a refused PostgreSQL connection into 503 DATABASE_UNAVAILABLE with a Retry-After', async () => {
    const failure = infrastructureFailure(await refusedConnection());
    expect(failure).toMatchObject({
      code: ApiErrorCode.ServiceUnavailable,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      details: [{ code: 'DATABASE_UNAVAILABLE' }],
    });
  });

  it.each([
    ['08006', 'connection_failure'],
    ['08001', 'sqlclient_unable_to_establish_sqlconnection'],
    ['57P01', 'admin_shutdown'],
    ['57P02', 'crash_shutdown'],
    ['57P03', 'cannot_connect_now'],
    ['57014', 'query_canceled (statement_timeout)'],
    ['53300', 'too_many_connections'],
  ])('treats SQLSTATE %s (%s) as the database being unavailable', (code) => {
    expect(infrastructureFailure(sqlError(code))?.details[0].code).toBe('DATABASE_UNAVAILABLE');
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
    'Query read timeout',
  ])('recognises node-postgres saying "%s"', (message) => {
    expect(infrastructureFailure(new Error(message))?.code).toBe(ApiErrorCode.ServiceUnavailable);
  });

  it('looks through wrappers: an AggregateError of refused addresses, an error cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' });
    expect(infrastructureFailure(new AggregateError([refused], 'all addresses failed'))).toBeDefined();
    expect(infrastructureFailure(new Error('outer', { cause: refused }))).toBeDefined();
  });

  it('leaves the request\'s own database errors alone (they are 4xx or a defect, never "try again")', () => {
    for (const code of ['22021', '23505', '22P02', '42P01', '40001', '55P03'])
      expect(infrastructureFailure(sqlError(code))).toBeUndefined();
    expect(infrastructureFailure(new TypeError('x is undefined'))).toBeUndefined();
    expect(infrastructureFailure('a string')).toBeUndefined();
  });

  it('treats Temporal unreachable or out of time as WORKFLOW_ENGINE_UNAVAILABLE', () => {
    for (const error of [
      new ServiceError('Workflow Update failed', { cause: grpcError(status.UNAVAILABLE) }),
      grpcError(status.DEADLINE_EXCEEDED),
      new WorkflowUpdateRPCTimeoutOrCancelledError('timeout'),
      new ServiceError('Failed to connect to Temporal server', { cause: new Error('socket') }),
    ])
      expect(infrastructureFailure(error)?.details[0].code).toBe('WORKFLOW_ENGINE_UNAVAILABLE');
  });

  it('leaves Temporal refusing the request itself alone', () => {
    for (const code of [status.INVALID_ARGUMENT, status.PERMISSION_DENIED, status.NOT_FOUND])
      expect(
        infrastructureFailure(new ServiceError('Workflow Update failed', { cause: grpcError(code) })),
      ).toBeUndefined();
  });
});
