import type { Definition } from '@onething/definition';
import type { DefinitionStore, PublishedDefinition } from '@onething/definition-store';
import { PinnedDefinitions } from './pinned-definitions';

/** A store of published versions that counts its reads (the database is what the cache saves). */
function countingStore(published: PublishedDefinition[]) {
  const reads: string[] = [];
  let failNext = false;
  const store = {
    findPublished(key: string, version?: number): Promise<PublishedDefinition | undefined> {
      reads.push(`${key}@${version ?? 'newest'}`);
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('database away'));
      }
      const matching = published
        .filter((entry) => entry.key === key && (version === undefined || entry.version === version))
        .sort((a, b) => b.version - a.version);
      return Promise.resolve(matching[0]);
    },
  };
  return {
    store: store as unknown as DefinitionStore,
    reads,
    publish: (entry: PublishedDefinition) => published.push(entry),
    failOnce: () => (failNext = true),
  };
}

const version = (key: string, n: number): PublishedDefinition => ({
  key,
  version: n,
  definition: { key, version: n } as Definition,
});
const ref = (definitionKey: string, definitionVersion: number) => ({ definitionKey, definitionVersion });

describe('PinnedDefinitions', () => {
  it('reads a pinned version once, however many activities of however many cases ask at once', async () => {
    const { store, reads } = countingStore([version('a', 1)]);
    const pinned = new PinnedDefinitions(store);
    const found = await Promise.all([pinned.get(ref('a', 1)), pinned.get(ref('a', 1))]);
    await pinned.get(ref('a', 1));
    expect(found.map((definition) => definition?.version)).toEqual([1, 1]);
    expect(reads).toEqual(['a@1']);
  });

  it('asks the store what a submission pins (a version may have been archived), then keeps it', async () => {
    const { store, reads } = countingStore([version('a', 1), version('a', 2)]);
    const pinned = new PinnedDefinitions(store);
    expect((await pinned.published('a'))?.version).toBe(2);
    expect((await pinned.published('a', 1))?.version).toBe(1);
    expect((await pinned.get(ref('a', 2)))?.version).toBe(2);
    expect((await pinned.get(ref('a', 1)))?.version).toBe(1);
    expect(reads).toEqual(['a@newest', 'a@1']);
  });

  it('asks again for a version that was missing or whose read failed', async () => {
    const { store, reads, publish, failOnce } = countingStore([]);
    const pinned = new PinnedDefinitions(store);
    expect(await pinned.get(ref('b', 1))).toBeUndefined();
    publish(version('b', 1));
    failOnce();
    await expect(pinned.get(ref('b', 1))).rejects.toThrow('database away');
    expect((await pinned.get(ref('b', 1)))?.version).toBe(1);
    expect(reads).toEqual(['b@1', 'b@1', 'b@1']);
  });
});
