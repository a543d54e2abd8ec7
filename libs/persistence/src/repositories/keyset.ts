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

/**
 * The rows after `after` in the order of `columns`. When every key sorts the same way this is one row
 * comparison, `(a, b, c) > (:k0, :k1, :k2)`, which PostgreSQL answers as an index range scan starting at
 * the cursor; mixed directions need the expanded `(a > :k0) OR (a = :k0 AND b > :k1) OR …`.
 */
export function keysetAfter(
  columns: readonly KeysetColumn[],
  after: readonly string[],
): { sql: string; parameters: ObjectLiteral } {
  const parameters: ObjectLiteral = {};
  after.forEach((value, i) => (parameters[`keyset_${i}`] = value));
  const beyond = (direction: KeysetColumn['direction']) => (direction === 'ASC' ? '>' : '<');
  if (columns.every((column) => column.direction === columns[0].direction)) {
    const keys = columns.map((column) => column.sql).join(', ');
    const values = columns.map((_, i) => `:keyset_${i}`).join(', ');
    return { sql: `(${keys}) ${beyond(columns[0].direction)} (${values})`, parameters };
  }
  const branches = columns.map((column, i) => {
    const equal = columns.slice(0, i).map((previous, j) => `${previous.sql} = :keyset_${j}`);
    return `(${[...equal, `${column.sql} ${beyond(column.direction)} :keyset_${i}`].join(' AND ')})`;
  });
  return { sql: `(${branches.join(' OR ')})`, parameters };
}

/**
 * Narrows `query` to the page after `request.after`, orders it by `columns`, selects each key as text
 * (`keyset_key_<i>`, read back by `keysetLastKey`) and fetches one row more than the page, which says
 * whether another page follows.
 */
export function keysetPrepare<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  columns: readonly KeysetColumn[],
  request: KeysetRequest,
): SelectQueryBuilder<T> {
  if (request.after) {
    const condition = keysetAfter(columns, request.after);
    query.andWhere(condition.sql, condition.parameters);
  }
  columns.forEach((column, i) => {
    query.addSelect(`(${column.sql})::text`, `keyset_key_${i}`);
    if (i === 0) query.orderBy(column.sql, column.direction);
    else query.addOrderBy(column.sql, column.direction);
  });
  return query.limit(request.limit + 1);
}

/** The sort key of the page's last row when more rows follow it (see `keysetPrepare`), else null. */
export function keysetLastKey(
  columns: readonly KeysetColumn[],
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
  const { entities, raw } = await keysetPrepare(query, columns, request).getRawAndEntities<
    Record<string, string>
  >();
  const items = entities.slice(0, request.limit);
  return { items, lastKey: keysetLastKey(columns, raw, request), ...(total === undefined ? {} : { total }) };
}

/** `keysetPage` for a query that selects raw columns (a join read as rows, not entities). */
export async function keysetRawPage<R extends ObjectLiteral>(
  query: SelectQueryBuilder<ObjectLiteral>,
  columns: KeysetColumn[],
  request: KeysetRequest,
): Promise<KeysetResult<R>> {
  const raw = await keysetPrepare(query, columns, request).getRawMany<Record<string, string>>();
  const items = raw.slice(0, request.limit).map((row) => {
    const item: Record<string, unknown> = { ...row };
    columns.forEach((_, i) => delete item[`keyset_key_${i}`]);
    return item as R;
  });
  return { items, lastKey: keysetLastKey(columns, raw, request) };
}
