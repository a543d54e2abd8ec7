import { Injectable, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Definition } from '@onething/definition';
import { DefinitionStore, type PublishedDefinition } from '@onething/definition-store';

/** Which published version a case is pinned to. */
export interface DefinitionRef {
  definitionKey: string;
  definitionVersion: number;
}

/**
 * Published definitions through the one store. A published version never changes, so each is read
 * from the database once per process and kept: the API's submission, the dispatcher and the worker's
 * activities of one case share the copy the first of them loaded.
 */
@Injectable()
export class PinnedDefinitions {
  private readonly cache = new Map<string, Promise<Definition | undefined>>();

  constructor(private readonly store: DefinitionStore) {}

  /** The version a case is pinned to; undefined when no such version is published. */
  get(ref: DefinitionRef): Promise<Definition | undefined> {
    const id = pinId(ref.definitionKey, ref.definitionVersion);
    let found = this.cache.get(id);
    if (!found) {
      found = this.store.findPublished(ref.definitionKey, ref.definitionVersion).then(
        (pinned) => {
          // A version published later must still be found: only what exists is kept.
          if (!pinned) this.cache.delete(id);
          return pinned?.definition;
        },
        (error: unknown) => {
          this.cache.delete(id);
          throw error;
        },
      );
      this.cache.set(id, found);
    }
    return found;
  }

  /**
   * What a new case is pinned to: the given version, or the newest published one. Always asked of the
   * store (a version may be archived, a newer one published), then kept for the case's later reads.
   */
  async published(key: string, version?: number): Promise<PublishedDefinition | undefined> {
    const found = await this.store.findPublished(key, version);
    if (found) this.cache.set(pinId(found.key, found.version), Promise.resolve(found.definition));
    return found;
  }
}

function pinId(key: string, version: number): string {
  return `${key}@${version}`;
}

/** The one definition store of a process, and the pinned versions kept over it. */
@Module({
  providers: [
    {
      provide: DefinitionStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new DefinitionStore(dataSource),
    },
    PinnedDefinitions,
  ],
  exports: [DefinitionStore, PinnedDefinitions],
})
export class PinnedDefinitionsModule {}
