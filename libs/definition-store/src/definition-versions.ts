import { DataSource, EntityManager } from 'typeorm';
import type { Definition } from '@onething/definition';
import { DefinitionVersionEntity, type DefinitionVersionStatus } from '@onething/persistence';

/** What a draft holds: the text as written and, when it validates, the parsed document. */
export interface DraftContent {
  source: string;
  /** Null for a draft that does not validate (it may be saved, never published). */
  document: Definition | null;
  leadDepartment: string | null;
}

/** Why a change to a version was refused; the caller turns each into its own HTTP answer. */
export type VersionRefusal = 'not_found' | 'not_a_draft' | 'stale_revision' | 'already_archived';

export type VersionChange =
  | { ok: true; version: DefinitionVersionEntity }
  | { ok: false; reason: VersionRefusal; current?: DefinitionVersionEntity };

export interface VersionQuery {
  key?: string;
  status?: DefinitionVersionStatus;
  limit: number;
  offset: number;
}

export interface DefinitionSummary {
  key: string;
  versions: number;
  latestVersion: number;
  /** Newest published version, the one new cases are pinned to. */
  publishedVersion: number | null;
  drafts: number;
  title: Definition['title'] | null;
}

/**
 * The draft → published → archived life of definition versions. Every change names the revision the
 * caller read, so two administrators editing one draft never overwrite each other silently.
 */
export class DefinitionVersions {
  constructor(private readonly dataSource: DataSource) {}

  private repository(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(DefinitionVersionEntity);
  }

  /**
   * A new draft numbered one above the key's highest version. `content` receives that number to stamp into the
   * document: the server, not the author, decides version numbers.
   */
  async createDraft(
    key: string,
    content: (version: number) => DraftContent,
    createdBy: string | null,
  ): Promise<DefinitionVersionEntity> {
    return this.dataSource.transaction(async (manager) => {
      // Serialises drafts of one key so two creators never compute the same next version.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`definition:${key}`]);
      const [{ next }] = await manager.query<{ next: number }[]>(
        'SELECT COALESCE(MAX(version), 0) + 1 AS next FROM definition_versions WHERE key = $1',
        [key],
      );
      const version = Number(next);
      const { source, document, leadDepartment } = content(version);
      const repository = this.repository(manager);
      return repository.save(
        repository.create({
          key,
          version,
          status: 'draft',
          source,
          document: document as unknown as Record<string, unknown> | null,
          leadDepartment,
          createdBy,
          publishedAt: null,
        }),
      );
    });
  }

  find(key: string, version: number, manager?: EntityManager): Promise<DefinitionVersionEntity | null> {
    return this.repository(manager).findOneBy({ key, version });
  }

  updateDraft(key: string, version: number, revision: number, content: DraftContent): Promise<VersionChange> {
    return this.change(key, version, revision, ['draft'], (row) => ({
      ...row,
      source: content.source,
      document: content.document,
      leadDepartment: content.leadDepartment,
    }));
  }

  /** Publishes with the document just validated (departments may have changed since the draft was saved). */
  publish(key: string, version: number, revision: number, document: Definition): Promise<VersionChange> {
    return this.change(key, version, revision, ['draft'], (row) => ({
      ...row,
      status: 'published',
      document: document,
      leadDepartment: document.leadDepartment,
      publishedAt: new Date(),
    }));
  }

  archive(key: string, version: number, revision: number): Promise<VersionChange> {
    return this.change(key, version, revision, ['draft', 'published'], (row) => ({
      ...row,
      status: 'archived',
    }));
  }

  /**
   * Applies `next` to the row if it is in one of `from` and still at `revision`. The row lock makes the
   * check and the write one step.
   */
  private async change(
    key: string,
    version: number,
    revision: number,
    from: DefinitionVersionStatus[],
    next: (row: DefinitionVersionEntity) => DefinitionVersionEntity,
  ): Promise<VersionChange> {
    return this.dataSource.transaction(async (manager) => {
      const repository = this.repository(manager);
      const current = await repository.findOne({
        where: { key, version },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) return { ok: false, reason: 'not_found' };
      if (!from.includes(current.status))
        return {
          ok: false,
          reason: current.status === 'archived' ? 'already_archived' : 'not_a_draft',
          current,
        };
      if (current.revision !== revision) return { ok: false, reason: 'stale_revision', current };
      const wanted = next(current);
      // Every accepted change bumps the revision, even one that rewrites the same text: the client that
      // read the old revision must not be able to save over it.
      await manager.query(
        `UPDATE definition_versions
            SET status = $2, source = $3, document = $4, lead_department = $5, published_at = $6,
                revision = revision + 1, updated_at = now()
          WHERE id = $1`,
        [
          current.id,
          wanted.status,
          wanted.source,
          wanted.document === null ? null : JSON.stringify(wanted.document),
          wanted.leadDepartment,
          wanted.publishedAt,
        ],
      );
      return { ok: true, version: await repository.findOneByOrFail({ id: current.id }) };
    });
  }

  async list(query: VersionQuery): Promise<{ items: DefinitionVersionEntity[]; total: number }> {
    const [items, total] = await this.repository().findAndCount({
      where: {
        ...(query.key !== undefined ? { key: query.key } : {}),
        ...(query.status !== undefined ? { status: query.status } : {}),
      },
      order: { key: 'ASC', version: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items, total };
  }

  /** One row per key, newest first within the page ordering by key. */
  async summaries(query: Omit<VersionQuery, 'key'>): Promise<{ items: DefinitionSummary[]; total: number }> {
    const filter =
      query.status !== undefined
        ? 'WHERE key IN (SELECT key FROM definition_versions WHERE status = $1)'
        : '';
    const parameters: unknown[] = query.status !== undefined ? [query.status] : [];
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT COUNT(DISTINCT key)::int AS total FROM definition_versions ${filter}`,
      parameters,
    );
    const rows = await this.dataSource.query<DefinitionSummary[]>(
      `SELECT key,
              COUNT(*)::int AS versions,
              MAX(version) AS "latestVersion",
              MAX(version) FILTER (WHERE status = 'published') AS "publishedVersion",
              COUNT(*) FILTER (WHERE status = 'draft')::int AS drafts,
              (ARRAY_AGG(document -> 'title' ORDER BY version DESC) FILTER (WHERE document IS NOT NULL))[1] AS title
         FROM definition_versions ${filter}
        GROUP BY key ORDER BY key
        LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
      [...parameters, query.limit, query.offset],
    );
    return { items: rows.map((row) => ({ ...row, title: row.title ?? null })), total: Number(total) };
  }
}
