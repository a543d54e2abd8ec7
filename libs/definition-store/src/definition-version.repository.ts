import type { EntityManager } from 'typeorm';
import type { Definition } from '@onething/definition';
import {
  DefinitionVersionEntity,
  keysetPage,
  type DefinitionVersionStatus,
  type KeysetColumn,
  type KeysetResult,
} from '@onething/persistence';

export interface VersionQuery {
  key?: string;
  status?: DefinitionVersionStatus;
  /** The sort key of the previous page's last row (`VERSION_LIST_ORDER`; a summary: its key alone). */
  after?: string[];
  limit: number;
}

/** By key, newest version first; (key, version) is unique. */
export const VERSION_LIST_ORDER: KeysetColumn[] = [
  { sql: 'v.key', direction: 'ASC' },
  { sql: 'v.version', direction: 'DESC' },
];

export interface DefinitionSummary {
  key: string;
  versions: number;
  latestVersion: number;
  /** Newest published version, the one new cases are pinned to. */
  publishedVersion: number | null;
  drafts: number;
  title: Definition['title'] | null;
}

/** What a version's accepted change writes. */
export type VersionContent = Pick<
  DefinitionVersionEntity,
  'status' | 'source' | 'document' | 'leadDepartment' | 'publishedAt'
>;

/**
 * `definition_versions`. Raw SQL where one statement must do what the query builder cannot: an insert
 * that skips an existing version, the revision bump, the per-key summary aggregates.
 */
export class DefinitionVersionRepository {
  constructor(private readonly manager: EntityManager) {}

  private get versions() {
    return this.manager.getRepository(DefinitionVersionEntity);
  }

  /** The given version if published, or the newest published one when `version` is omitted. */
  findPublished(key: string, version?: number): Promise<DefinitionVersionEntity | null> {
    return this.versions.findOne({
      where: { key, status: 'published', ...(version === undefined ? {} : { version }) },
      order: { version: 'DESC' },
    });
  }

  /**
   * The version in force of each key (its newest published one), by key, after the key `after`: the
   * applicants' catalog. `total`: how many keys have a published version.
   */
  async inForce(page: {
    after?: string;
    limit: number;
  }): Promise<{ items: DefinitionVersionEntity[]; more: boolean; total: number }> {
    const published = () => this.versions.createQueryBuilder('v').where("v.status = 'published'");
    const total = await published()
      .select('COUNT(DISTINCT v.key)::int', 'total')
      .getRawOne<{ total: number }>();
    const rows = published().distinctOn(['v.key']).orderBy('v.key', 'ASC').addOrderBy('v.version', 'DESC');
    if (page.after !== undefined) rows.andWhere('v.key > :after', { after: page.after });
    const found = await rows.limit(page.limit + 1).getMany();
    return { items: found.slice(0, page.limit), more: found.length > page.limit, total: total?.total ?? 0 };
  }

  /** The versions in force (newest published per key) whose trigger listens to `eventType` (免申即享). */
  async inForceTriggeredBy(eventType: string): Promise<{ key: string; version: number; document: Definition }[]> {
    const rows: { key: string; version: number; document: Definition }[] = await this.manager.query(
      `SELECT key, version, document FROM (
         SELECT DISTINCT ON (key) key, version, document FROM definition_versions
         WHERE status = 'published' ORDER BY key, version DESC
       ) v WHERE v.document->'trigger'->>'event' = $1 ORDER BY key LIMIT 100`,
      [eventType],
    );
    return rows;
  }

  /** Stores the definition as published unless its key and version exist; whether it was stored. */
  async insertPublishedIfAbsent(source: string, definition: Definition): Promise<boolean> {
    const inserted: unknown[] = await this.manager.query(
      `INSERT INTO definition_versions (key, version, status, source, document, lead_department, created_by, published_at)
       VALUES ($1, $2, 'published', $3, $4, $5, 'catalog', now())
       ON CONFLICT (key, version) DO NOTHING RETURNING id`,
      [definition.key, definition.version, source, JSON.stringify(definition), definition.leadDepartment],
    );
    return inserted.length > 0;
  }

  /** Serialises drafts of one key until the transaction ends. */
  async lockKey(key: string): Promise<void> {
    await this.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`definition:${key}`]);
  }

  /** One above the key's highest version (1 for a new key). */
  async nextVersion(key: string): Promise<number> {
    const [{ next }] = await this.manager.query<{ next: number }[]>(
      'SELECT COALESCE(MAX(version), 0) + 1 AS next FROM definition_versions WHERE key = $1',
      [key],
    );
    return Number(next);
  }

  insertDraft(
    row: Pick<
      DefinitionVersionEntity,
      'key' | 'version' | 'source' | 'document' | 'leadDepartment' | 'createdBy'
    >,
  ): Promise<DefinitionVersionEntity> {
    return this.versions.save(this.versions.create({ ...row, status: 'draft', publishedAt: null }));
  }

  find(key: string, version: number): Promise<DefinitionVersionEntity | null> {
    return this.versions.findOneBy({ key, version });
  }

  /** The version, locked until the transaction ends. */
  findForUpdate(key: string, version: number): Promise<DefinitionVersionEntity | null> {
    return this.versions.findOne({ where: { key, version }, lock: { mode: 'pessimistic_write' } });
  }

  /** Writes `content` and bumps the revision, even when the text is the same. Answers the row as stored. */
  async writeChange(id: string, content: VersionContent): Promise<DefinitionVersionEntity> {
    await this.manager.query(
      `UPDATE definition_versions
          SET status = $2, source = $3, document = $4, lead_department = $5, published_at = $6,
              revision = revision + 1, updated_at = now()
        WHERE id = $1`,
      [
        id,
        content.status,
        content.source,
        content.document === null ? null : JSON.stringify(content.document),
        content.leadDepartment,
        content.publishedAt,
      ],
    );
    return this.versions.findOneByOrFail({ id });
  }

  list(query: VersionQuery): Promise<KeysetResult<DefinitionVersionEntity>> {
    const rows = this.versions.createQueryBuilder('v').where('TRUE');
    if (query.key !== undefined) rows.andWhere('v.key = :key', { key: query.key });
    if (query.status !== undefined) rows.andWhere('v.status = :status', { status: query.status });
    return keysetPage(rows, VERSION_LIST_ORDER, { after: query.after, limit: query.limit, withTotal: true });
  }

  /** One row per key (of keys with a version in `status`, when given), ordered by key. */
  async summaries(
    query: Omit<VersionQuery, 'key'>,
  ): Promise<KeysetResult<DefinitionSummary> & { total: number }> {
    const statusFilter =
      query.status !== undefined
        ? 'WHERE key IN (SELECT key FROM definition_versions WHERE status = $1)'
        : 'WHERE TRUE';
    const parameters: unknown[] = query.status !== undefined ? [query.status] : [];
    const [{ total }] = await this.manager.query<{ total: number }[]>(
      `SELECT COUNT(DISTINCT key)::int AS total FROM definition_versions ${statusFilter}`,
      parameters,
    );
    const after = query.after?.[0];
    const filter =
      after === undefined ? statusFilter : `${statusFilter} AND key > $${parameters.push(after)}`;
    const rows = await this.manager.query<DefinitionSummary[]>(
      `SELECT key,
              COUNT(*)::int AS versions,
              MAX(version) AS "latestVersion",
              MAX(version) FILTER (WHERE status = 'published') AS "publishedVersion",
              COUNT(*) FILTER (WHERE status = 'draft')::int AS drafts,
              (ARRAY_AGG(document -> 'title' ORDER BY version DESC) FILTER (WHERE document IS NOT NULL))[1] AS title
         FROM definition_versions ${filter}
        GROUP BY key ORDER BY key
        LIMIT $${parameters.length + 1}`,
      [...parameters, query.limit + 1],
    );
    const items = rows.slice(0, query.limit).map((row) => ({ ...row, title: row.title ?? null }));
    const lastKey = rows.length > query.limit ? [items[items.length - 1].key] : null;
    return { items, lastKey, total: Number(total) };
  }
}
