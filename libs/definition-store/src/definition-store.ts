import type { DataSource, EntityManager } from 'typeorm';
import { validateDefinition, type Definition, type ValidationContext } from '@onething/definition';
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

  /** The versions in force (newest published per key), by key: the applicants' catalog, a page at a time. */
  async inForce(page: { after?: string; limit: number }) {
    const { items, more, total } = await new DefinitionVersionRepository(this.dataSource.manager).inForce(
      page,
    );
    const published = items.flatMap((row): PublishedDefinition[] =>
      row.document ? [{ key: row.key, version: row.version, definition: row.document }] : [],
    );
    return { items: published, lastKey: more ? [items[items.length - 1].key] : null, total };
  }

  /** The versions in force whose trigger (免申即享) listens to events of this type. */
  async triggeredBy(eventType: string): Promise<PublishedDefinition[]> {
    const rows = await new DefinitionVersionRepository(this.dataSource.manager).inForceTriggeredBy(eventType);
    return rows.map((row) => ({ key: row.key, version: row.version, definition: row.document }));
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

  /**
   * Validates a definition document against `context` and publishes it unless already stored: the seed of
   * tests and the benchmark. Throws (with the validator's issues) when it is not valid.
   */
  async publishDocument(document: unknown, context: ValidationContext): Promise<Definition> {
    const result = validateDefinition(document, context);
    if (!result.valid) throw new Error(`definition invalid: ${JSON.stringify(result.issues)}`);
    await this.seedPublished([{ source: JSON.stringify(document), definition: result.definition }]);
    return result.definition;
  }
}
