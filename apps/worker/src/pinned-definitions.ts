import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { Definition } from '@onething/definition';
import { DefinitionStore } from '@onething/definition-store';

/** The published definition a case is pinned to. Published versions never change, so a worker keeps them. */
@Injectable()
export class PinnedDefinitions {
  private readonly cache = new Map<string, Definition>();

  constructor(private readonly store: DefinitionStore) {}

  async get(ref: { definitionKey: string; definitionVersion: number }): Promise<Definition> {
    const id = `${ref.definitionKey}@${ref.definitionVersion}`;
    const cached = this.cache.get(id);
    if (cached) return cached;
    const found = await this.store.findPublished(ref.definitionKey, ref.definitionVersion);
    // Retrying cannot make a missing version appear.
    if (!found) throw ApplicationFailure.nonRetryable(`No published definition ${id}`, 'UnknownDefinition');
    this.cache.set(id, found.definition);
    return found.definition;
  }
}
