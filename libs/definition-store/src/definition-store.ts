import type { DataSource, EntityManager } from 'typeorm';
import type { Definition } from '@onething/definition';
import { DefinitionVersionRepository } from './definition-version.repository';

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
    const row = await new DefinitionVersionRepository(manager ?? this.dataSource.manager).findPublished(
      key,
      version,
    );
    if (!row?.document) return undefined;
    return { key: row.key, version: row.version, definition: row.document };
  }

  /**
   * Publishes catalog definitions that are not stored yet (same key and version): `npm start` loads the
   * demo catalog this way, and a second start changes nothing.
   */
  async seedPublished(entries: { source: string; definition: Definition }[]): Promise<string[]> {
    const versions = new DefinitionVersionRepository(this.dataSource.manager);
    const added: string[] = [];
    for (const { source, definition } of entries) {
      if (await versions.insertPublishedIfAbsent(source, definition))
        added.push(`${definition.key}@${definition.version}`);
    }
    return added;
  }
}
