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
    const repository = this.dataSource.getRepository(DefinitionVersionEntity);
    for (const { source, definition } of entries) {
      const row = repository.create({
        key: definition.key,
        version: definition.version,
        status: 'published',
        source,
        document: definition as unknown as Record<string, unknown>,
        leadDepartment: definition.leadDepartment,
        createdBy: 'catalog',
        publishedAt: new Date(),
      });
      const result = await repository.createQueryBuilder().insert().values(row).orIgnore().execute();
      if ((result.identifiers ?? []).some((identifier) => identifier !== undefined)) {
        added.push(`${definition.key}@${definition.version}`);
      }
    }
    return added;
  }
}
