/**
 * Errors that carry what was sent to the database must not carry it into a log line or into Temporal.
 * TypeORM's `QueryFailedError` holds the `query` and its `parameters` (an applicant's resident ID typed
 * into a reason, say) and copies the driver's fields onto itself; PostgreSQL's own error has a `detail`
 * (`Key (x)=(value)`, `Failing row contains (...)`), a `where` and, for bad input, a message that quotes the
 * value (`invalid input syntax for type uuid: "..."`). What is kept: the SQLSTATE code, the constraint,
 * table and column names (the schema's, not the data's), and a generic message built from the code.
 */

/** The fields of a database error that are safe to keep: names from the schema, never values. */
export interface DatabaseErrorSummary {
  /** The error's class name (`QueryFailedError`, `DatabaseError`): retry policies may key on it. */
  name: string;
  message: string;
  /** The SQLSTATE, e.g. `22021` (a byte sequence invalid in UTF-8, such as NUL). */
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/** Why a database error happened, by SQLSTATE class (the first two characters). */
const sqlStateClasses: Record<string, string> = {
  '08': 'connection exception',
  '22': 'data exception',
  '23': 'integrity constraint violation',
  '25': 'invalid transaction state',
  '28': 'invalid authorization',
  '40': 'transaction rollback',
  '42': 'syntax error or access rule violation',
  '53': 'insufficient resources',
  '54': 'program limit exceeded',
  '55': 'object not in prerequisite state',
  '57': 'operator intervention',
  '58': 'system error',
  XX: 'internal error',
};

const SQLSTATE = /^[0-9A-Z]{5}$/;

type ErrorFields = Error & Record<string, unknown>;

const stringField = (error: ErrorFields, key: string): string | undefined =>
  typeof error[key] === 'string' ? error[key] : undefined;

/**
 * An error from the database layer: TypeORM's query failure (it has `query`/`parameters`/`driverError`)
 * or the driver's own (`pg`'s `DatabaseError`: a SQLSTATE `code` beside a `severity`). Duck-typed, so it
 * holds across copies of the libraries (Jest loads one per test file).
 */
export function isDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const fields = error as ErrorFields;
  if (error.name === 'QueryFailedError' || 'driverError' in fields || 'parameters' in fields) return true;
  // `findOneByOrFail` puts its criteria (a username, say) in the message.
  if (error.name === 'EntityNotFoundError') return true;
  const code = stringField(fields, 'code');
  return code !== undefined && SQLSTATE.test(code) && typeof fields['severity'] === 'string';
}

/** The database error's safe fields and a message that says what happened without any value. */
export function summarizeDatabaseError(databaseError: Error): DatabaseErrorSummary {
  const error = databaseError as ErrorFields;
  const driver = error['driverError'] instanceof Error ? (error['driverError'] as ErrorFields) : undefined;
  const pick = (key: string) => stringField(error, key) ?? (driver && stringField(driver, key));
  // The driver's error may arrive as a plain object (a wrapped or rebuilt error): its code still counts.
  const driverFields = error['driverError'];
  const driverCode =
    typeof driverFields === 'object' && driverFields !== null
      ? (driverFields as Record<string, unknown>)['code']
      : undefined;
  const code = pick('code') ?? (typeof driverCode === 'string' ? driverCode : undefined);
  const sqlState = code !== undefined && SQLSTATE.test(code) ? code : undefined;
  const constraint = pick('constraint');
  const table = pick('table');
  const column = pick('column');
  const message = sqlState
    ? `PostgreSQL error ${sqlState} (${sqlStateClasses[sqlState.slice(0, 2)] ?? 'database error'})` +
      (constraint ? ` on constraint ${constraint}` : '')
    : // Not from the server (a dropped connection, a pool timeout, no row found): the first line, without
      // the criteria TypeORM appends after "matching:".
      `Query failed: ${(driver ?? error).message.split('\n')[0]?.split(' matching:')[0]}`;
  return {
    name: error.name,
    message,
    ...(sqlState ? { code: sqlState } : {}),
    ...(constraint ? { constraint } : {}),
    ...(table ? { table } : {}),
    ...(column ? { column } : {}),
  };
}

/**
 * The texts a database error may have spread into other errors' messages (an activity that wrapped it as
 * `new Error(\`save failed: ${e.message}\`)`): its message, detail, where, the values it quotes and the
 * string parameters of its query. Short strings are left out: they would match ordinary words.
 */
export function sensitiveFragments(databaseError: Error): string[] {
  const error = databaseError as ErrorFields;
  const driver = error['driverError'] instanceof Error ? (error['driverError'] as ErrorFields) : undefined;
  const fragments = new Set<string>();
  for (const source of [error, driver]) {
    if (!source) continue;
    // Not `query`: the statement text has placeholders, and its identifiers would match ordinary words.
    for (const key of ['message', 'detail', 'where', 'hint', 'internalQuery']) {
      const text = stringField(source, key);
      if (!text) continue;
      fragments.add(text);
      // Values PostgreSQL quotes: "value" in messages, (value) and (a, b, ...) in details.
      for (const [, quoted] of text.matchAll(/"([^"]*)"/g)) fragments.add(quoted ?? '');
      for (const [, group] of text.matchAll(/\(([^()]*)\)/g))
        for (const part of (group ?? '').split(', ')) fragments.add(part);
    }
  }
  const parameters = error['parameters'];
  if (Array.isArray(parameters)) {
    for (const value of parameters.flat(3)) {
      if (typeof value === 'string') fragments.add(value);
      else if (typeof value === 'object' && value !== null) fragments.add(JSON.stringify(value));
    }
  }
  return [...fragments].filter((fragment) => fragment.trim().length >= 4);
}

/** The SQLSTATE of the first database error in `error`'s cause chain that carries one. */
export function sqlStateOf(error: unknown): string | undefined {
  for (const databaseError of databaseErrorsIn(error)) {
    const { code } = summarizeDatabaseError(databaseError);
    if (code) return code;
  }
  return undefined;
}

/** The database errors in an error's cause chain (and in an `AggregateError`), the error itself first. */
export function databaseErrorsIn(error: unknown, depth = 0): Error[] {
  if (!(error instanceof Error) || depth > 8) return [];
  const own = isDatabaseError(error) ? [error] : [];
  const nested = error instanceof AggregateError ? (error.errors as unknown[]) : [];
  return [
    ...own,
    ...databaseErrorsIn(error.cause, depth + 1),
    ...nested.flatMap((inner) => databaseErrorsIn(inner, depth + 1)),
  ];
}

/** `text` unless it contains one of the fragments; then `replacement`. */
export function redactText(text: string, fragments: readonly string[], replacement: string): string {
  return fragments.some((fragment) => text.includes(fragment)) ? replacement : text;
}

/** A stack trace with its first line(s), the message, replaced: V8 writes the message into `stack`. */
export function restack(stack: string | undefined, name: string, message: string): string {
  const frames = stack?.split('\n').filter((line) => /^\s+at /.test(line)) ?? [];
  return [`${name}: ${message}`, ...frames].join('\n');
}

/** A log-safe view of an error: what `describeError` returns and `createLogger` writes under `err`. */
export interface ErrorDescription {
  type: string;
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  stack?: string;
  cause?: ErrorDescription;
}

/**
 * What a log line may say about an error: type, message and stack, with database errors reduced to their
 * summary and every other message in the chain checked against what those errors carried. Own fields of
 * the error (a query's parameters, a failure's details) are never copied.
 */
export function describeError(error: unknown): ErrorDescription | string {
  if (!(error instanceof Error)) return typeof error === 'string' ? error : String(error);
  const fragments = databaseErrorsIn(error).flatMap(sensitiveFragments);
  const describe = (current: Error, depth: number): ErrorDescription => {
    const summary = isDatabaseError(current) ? summarizeDatabaseError(current) : undefined;
    const message = summary?.message ?? redactText(current.message, fragments, '[redacted: database values]');
    const { name: _name, message: _message, ...schemaNames } = summary ?? { name: '', message: '' };
    return {
      type: current.name,
      message,
      ...schemaNames,
      stack: restack(current.stack, current.name, message),
      ...(current.cause instanceof Error && depth < 8 ? { cause: describe(current.cause, depth + 1) } : {}),
    };
  };
  return describe(error, 0);
}
