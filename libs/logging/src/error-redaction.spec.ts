import { Writable } from 'node:stream';
import { DatabaseError } from 'pg';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';
import { describeError, isDatabaseError, summarizeDatabaseError } from './error-redaction';
import { createLogger } from './logger';

const residentId = '11010519491231002X';

/** A PostgreSQL error as `pg` raises it, and TypeORM's wrapper with the query and its parameters. */
function uniqueViolation(): QueryFailedError {
  const driver = Object.assign(
    new DatabaseError(
      'duplicate key value violates unique constraint "applicant_resident_id_key"',
      120,
      'error',
    ),
    {
      severity: 'ERROR',
      code: '23505',
      detail: `Key (resident_id)=(${residentId}) already exists.`,
      constraint: 'applicant_resident_id_key',
      table: 'applicant',
      where: `SQL statement "INSERT INTO applicant VALUES ('${residentId}')"`,
    },
  );
  return new QueryFailedError('INSERT INTO "applicant" ("resident_id") VALUES ($1)', [residentId], driver);
}

function badInput(): QueryFailedError {
  const driver = Object.assign(
    new DatabaseError(`invalid input syntax for type uuid: "${residentId}"`, 80, 'error'),
    {
      severity: 'ERROR',
      code: '22P02',
    },
  );
  return new QueryFailedError('SELECT * FROM "case" WHERE "id" = $1', [residentId], driver);
}

describe('database error redaction', () => {
  it('recognises TypeORM query failures and pg errors, and nothing else', () => {
    expect(isDatabaseError(uniqueViolation())).toBe(true);
    expect(isDatabaseError(uniqueViolation().driverError)).toBe(true);
    expect(isDatabaseError(new Error('connect ECONNREFUSED'))).toBe(false);
    expect(isDatabaseError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
  });

  it('keeps the SQLSTATE and the schema names, and no value', () => {
    const summary = summarizeDatabaseError(uniqueViolation());
    expect(summary).toEqual({
      name: 'QueryFailedError',
      message:
        'PostgreSQL error 23505 (integrity constraint violation) on constraint applicant_resident_id_key',
      code: '23505',
      constraint: 'applicant_resident_id_key',
      table: 'applicant',
    });
    expect(summarizeDatabaseError(badInput()).message).toBe('PostgreSQL error 22P02 (data exception)');
  });

  it('describes an error chain without the values, even where a wrapper repeated them', () => {
    const wrapped = new Error(`saving the decision failed: ${badInput().message}`, { cause: badInput() });
    const described = JSON.stringify(describeError(wrapped));
    expect(described).not.toContain(residentId);
    expect(described).toContain('22P02');
    expect(described).toContain('[redacted: database values]');
    // An error without database values keeps its message.
    expect(describeError(new Error('department answered 503'))).toMatchObject({
      type: 'Error',
      message: 'department answered 503',
    });
  });

  it('drops the criteria of a row not found, and leaves other errors readable', () => {
    const notFound = new EntityNotFoundError('AccountEntity', { username: 'zhangsan-1381' });
    expect(describeError(notFound)).toMatchObject({
      type: 'EntityNotFoundError',
      message: 'Query failed: Could not find any entity of type "AccountEntity"',
    });
    expect(JSON.stringify(describeError(notFound))).not.toContain('zhangsan-1381');
    expect(describeError(new TypeError('x is not a function'))).toMatchObject({
      message: 'x is not a function',
    });
  });

  it('is what the logger writes for an error logged as err', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    createLogger({ level: 'info', service: 'test' }, stream).warn({ err: uniqueViolation() }, 'save failed');
    expect(lines.join('')).not.toContain(residentId);
    expect(JSON.parse(lines[0])).toMatchObject({ err: { type: 'QueryFailedError', code: '23505' } });
  });
});
