import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { assertSha256, SHA256_HEX, type BlobStore } from './blob-store';

/**
 * Blobs as files under `<root>/<first two hex digits>/<sha256>` (the embedded setup's default, under
 * DATA_DIR). Chosen over a bytea column: files stream in and out without holding a document in memory or
 * bloating the database's WAL and backups, and a content-addressed file is never rewritten. A blob
 * appears atomically (copy to a temporary name, then rename), so a reader never sees half a file.
 */
export class FilesystemBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    assertSha256(sha256);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(sha256: string, path: string): Promise<boolean> {
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return false;
    await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
    const partial = `${target}.${randomUUID()}.partial`;
    await copyFile(path, partial);
    await rename(partial, target);
    return true;
  }

  async has(sha256: string): Promise<boolean> {
    return access(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  async open(sha256: string): Promise<Readable | undefined> {
    if (!(await this.has(sha256))) return undefined;
    return createReadStream(this.pathOf(sha256));
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  async list(): Promise<string[]> {
    const prefixes = await readdir(this.root).catch(() => [] as string[]);
    const names = await Promise.all(prefixes.map((prefix) => readdir(join(this.root, prefix))));
    return names.flat().filter((name) => SHA256_HEX.test(name));
  }
}
