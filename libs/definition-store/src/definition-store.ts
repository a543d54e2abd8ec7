import { DataSource, EntityManager } from 'typeorm';
import type { Definition } from '@onething/definition';
import { DefinitionVersionEntity } from '@onething/persistence';

export interface PublishedDefinition {
  key: string;
  version: number;
  definition: Definition;
}

/** Reads and writes definition versions; published ones are immutable (the database enforces it). */
export class DefinitionStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The given version, or the newest published one when `version` is omitted. */
  async findPublished(
    key: string,
    version?: number,
    manager?: EntityManager,
  ): Promise<PublishedDefinition | undefined> {
    const repository = (manager ?? this.dataSource.manager).getRepository(DefinitionVersionEntity);
    const row = await repository.findOne({
      where: { key, status: 'published', ...(version === undefined ? {} : { version }) },
      order: { version: 'DESC' },
    });
    if (!row?.document) return undefined;
    return { key: row.key, version: row.version, definition: row.document as unknown as Definition };
  }

  /**
   * Publishes catalog definitions that are not stored yet (same key and version): `npm start` loads the
   * demo catalog this way, and a second start changes nothing.
   */
  async seedPublished(entries: { source: string; definition: Definition }[]): Promise<string[]> {
    const added: string[] = [];
    for (const { source, definition } of entries) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO definition_versions (key, version, status, source, document, lead_department, created_by, published_at)
         VALUES ($1, $2, 'published', $3, $4, $5, 'catalog', now())
         ON CONFLICT (key, version) DO NOTHING RETURNING id`,
        [definition.key, definition.version, source, JSON.stringify(definition), definition.leadDepartment],
      );
      if (inserted.length > 0) added.push(`${definition.key}@${definition.version}`);
    }
    return added;
  }
}
