import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** One sort key of a keyset-paged list: a SQL expression over the query's alias, never NULL. */
export interface KeysetColumn {
  sql: string;
  direction: 'ASC' | 'DESC';
}

export interface KeysetRequest {
  /** The sort key of the last item of the previous page (as `keysetPage` returned it), or none. */
  after?: string[];
  limit: number;
  /** Count the filtered rows too (only where the list is small enough for that to be cheap). */
  withTotal?: boolean;
}

export interface KeysetResult<T> {
  items: T[];
  /** The sort key of the last item when another page follows, else null. */
  lastKey: string[] | null;
  total?: number;
}

/** `(a > :k0) OR (a = :k0 AND b > :k1) OR …`: the rows after `after` in the order of `columns`. */
function afterCondition(
  columns: KeysetColumn[],
  after: string[],
): { sql: string; parameters: ObjectLiteral } {
  const parameters: ObjectLiteral = {};
  const branches = columns.map((column, i) => {
    const equal = columns.slice(0, i).map((previous, j) => `${previous.sql} = :keyset_${j}`);
    const beyond = `${column.sql} ${column.direction === 'ASC' ? '>' : '<'} :keyset_${i}`;
    return `(${[...equal, beyond].join(' AND ')})`;
  });
  after.forEach((value, i) => (parameters[`keyset_${i}`] = value));
  return { sql: `(${branches.join(' OR ')})`, parameters };
}

function prepare<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  columns: KeysetColumn[],
  request: KeysetRequest,
) {
  if (request.after) {
    const condition = afterCondition(columns, request.after);
    query.andWhere(condition.sql, condition.parameters);
  }
  columns.forEach((column, i) => {
    query.addSelect(`(${column.sql})::text`, `keyset_key_${i}`);
    if (i === 0) query.orderBy(column.sql, column.direction);
    else query.addOrderBy(column.sql, column.direction);
  });
  return query.limit(request.limit + 1);
}

function lastKeyOf(
  columns: KeysetColumn[],
  raw: Record<string, string>[],
  request: KeysetRequest,
): string[] | null {
  const last = raw[request.limit - 1];
  return raw.length > request.limit && last ? columns.map((_, i) => last[`keyset_key_${i}`]) : null;
}

/**
 * One page of `query` in the order of `columns` (the last of which must be unique, e.g. the id), starting
 * after `after`. The sort key is read back as PostgreSQL's text so timestamps keep their microseconds.
 */
export async function keysetPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  columns: KeysetColumn[],
  request: KeysetRequest,
): Promise<KeysetResult<T>> {
  const total = request.withTotal ? await query.clone().getCount() : undefined;
  const { entities, raw } = await prepare(query, columns, request).getRawAndEntities<
    Record<string, string>
  >();
  const items = entities.slice(0, request.limit);
  return { items, lastKey: lastKeyOf(columns, raw, request), ...(total === undefined ? {} : { total }) };
}

/** `keysetPage` for a query that selects raw columns (a join read as rows, not entities). */
export async function keysetRawPage<R extends ObjectLiteral>(
  query: SelectQueryBuilder<ObjectLiteral>,
  columns: KeysetColumn[],
  request: KeysetRequest,
): Promise<KeysetResult<R>> {
  const raw = await prepare(query, columns, request).getRawMany<Record<string, string>>();
  const items = raw.slice(0, request.limit).map((row) => {
    const item: Record<string, unknown> = { ...row };
    columns.forEach((_, i) => delete item[`keyset_key_${i}`]);
    return item as R;
  });
  return { items, lastKey: lastKeyOf(columns, raw, request) };
}
