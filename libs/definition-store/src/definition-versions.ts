import type { DataSource, EntityManager } from 'typeorm';
import type { Definition } from '@onething/definition';
import type { DefinitionVersionEntity, DefinitionVersionStatus, KeysetResult } from '@onething/persistence';
import {
  DefinitionVersionRepository,
  type DefinitionSummary,
  type VersionQuery,
} from './definition-version.repository';

export type { DefinitionSummary, VersionQuery };

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

/**
 * The draft → published → archived life of definition versions. Every change names the revision the
 * caller read, so two administrators editing one draft never overwrite each other silently.
 */
export class DefinitionVersions {
  constructor(private readonly dataSource: DataSource) {}

  private repository(manager?: EntityManager) {
    return new DefinitionVersionRepository(manager ?? this.dataSource.manager);
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
      const versions = this.repository(manager);
      // Serialises drafts of one key so two creators never compute the same next version.
      await versions.lockKey(key);
      const version = await versions.nextVersion(key);
      const { source, document, leadDepartment } = content(version);
      return versions.insertDraft({
        key,
        version,
        source,
        document,
        leadDepartment,
        createdBy,
      });
    });
  }

  find(key: string, version: number, manager?: EntityManager): Promise<DefinitionVersionEntity | null> {
    return this.repository(manager).find(key, version);
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
      const versions = this.repository(manager);
      const current = await versions.findForUpdate(key, version);
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
      return { ok: true, version: await versions.writeChange(current.id, wanted) };
    });
  }

  list(query: VersionQuery): Promise<KeysetResult<DefinitionVersionEntity>> {
    return this.repository().list(query);
  }

  /** One row per key, newest first within the page ordering by key. */
  summaries(query: Omit<VersionQuery, 'key'>): Promise<KeysetResult<DefinitionSummary> & { total: number }> {
    return this.repository().summaries(query);
  }
}
