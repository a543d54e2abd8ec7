import { z } from 'zod';
import { integerParam } from '@onething/text';
import { ApiError, ApiErrorCode } from './api-error';

/**
 * One paging convention for every list: keyset pagination. A page is `{ items, nextCursor, total? }`;
 * `nextCursor` is an opaque base64url token holding the last item's sort key (id last, so the order is
 * total and stable while rows are added); the client sends it back as `cursor` for the next page.
 */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 100;
const MAX_CURSOR_LENGTH = 512;
const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

/** `limit` and `cursor`: spread into a list's query schema. */
export const pageQueryShape = {
  limit: integerParam({ min: 1, max: MAX_PAGE_LIMIT }).default(DEFAULT_PAGE_LIMIT),
  /**
   * base64url, short enough that no URL carrying it nears the server's header limit. Checked by
   * `CursorCodec.decode`, so anything else is INVALID_CURSOR (not a generic validation failure).
   */
  cursor: z.string().optional().meta({
    description: "The previous page's `nextCursor`, as it was.",
    pattern: CURSOR_PATTERN.source,
    maxLength: MAX_CURSOR_LENGTH,
  }),
};
export const pageQuerySchema = z.strictObject(pageQueryShape);
export type PageQuery = z.infer<typeof pageQuerySchema>;

export interface Page<T> {
  items: T[];
  /** `null` on the last page. */
  nextCursor: string | null;
  /** Only on lists where counting is cheap. */
  total?: number;
}

/** What a repository's keyset page query answers (see `keysetPage` in @onething/persistence). */
export interface KeysetPageOf<T> {
  items: T[];
  lastKey: string[] | null;
  total?: number;
}

/** The response schema of a page of `item`s (for the OpenAPI document and response tests). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Send as `cursor` for the next page; null on the last.' }),
    total: z.number().int().min(0).optional(),
  });
}

/** A sort key value as PostgreSQL prints it (`timestamptz::text` keeps microseconds). */
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
export const cursorValue = {
  timestamp: z.string().regex(TIMESTAMP_TEXT),
  uuid: z.uuid(),
  integer: z.string().regex(/^-?\d{1,10}$/),
  bigint: z.string().regex(/^\d{1,19}$/),
  text: z.string().max(256),
  /** A nullable date sorted last (`COALESCE(due_at, 'infinity')`). */
  timestampOrInfinity: z.union([z.literal('infinity'), z.string().regex(TIMESTAMP_TEXT)]),
} as const;

/**
 * The cursor format of one list: its name (so another list's cursor is refused) and a schema per sort key
 * value, checked before any value reaches SQL.
 */
export class CursorCodec {
  private readonly shape: z.ZodType<string[]>;

  constructor(
    readonly list: string,
    keys: z.ZodType<string>[],
  ) {
    this.shape = z.tuple(keys as [z.ZodType<string>, ...z.ZodType<string>[]]);
  }

  encode(key: string[]): string {
    return Buffer.from(JSON.stringify({ l: this.list, k: key }), 'utf8').toString('base64url');
  }

  /** The sort key after which the page starts; `undefined` for the first page. */
  decode(cursor: string | undefined): string[] | undefined {
    if (cursor === undefined) return undefined;
    const refused = new ApiError(
      ApiErrorCode.InvalidCursor,
      'cursor: not a cursor this list handed out',
      'cursor',
      [{ code: ApiErrorCode.InvalidCursor, message: 'not a cursor this list handed out', path: 'cursor' }],
    );
    if (cursor.length > MAX_CURSOR_LENGTH || !CURSOR_PATTERN.test(cursor)) throw refused;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw refused;
    }
    const envelope = z.object({ l: z.literal(this.list), k: this.shape }).safeParse(parsed);
    if (!envelope.success) throw refused;
    return envelope.data.k;
  }

  /** Decodes the query's cursor, fetches the page after it and answers it with the next cursor. */
  async fetch<T>(
    query: { cursor?: string; limit: number },
    fetchPage: (page: { after?: string[]; limit: number }) => Promise<KeysetPageOf<T>>,
  ): Promise<Page<T>> {
    const { items, lastKey, total } = await fetchPage({
      after: this.decode(query.cursor),
      limit: query.limit,
    });
    return this.page(items, lastKey, total);
  }

  /** The page the API answers: `lastKey` is the sort key of the page's last item when more follow. */
  page<T>(items: T[], lastKey: string[] | null, total?: number): Page<T> {
    return {
      items,
      nextCursor: lastKey ? this.encode(lastKey) : null,
      ...(total === undefined ? {} : { total }),
    };
  }
}
