import type { Readable } from 'node:stream';

/** A SHA-256 digest as lower-case hex: the only key a blob has. */
export const SHA256_HEX = /^[a-f0-9]{64}$/;

/**
 * The storage port: an upload's bytes, stored once by their SHA-256 (content-addressed). Rows in
 * PostgreSQL say who uploaded what under which name; the store only holds bytes, so two uploads of the
 * same file share one blob. Adapters: `FilesystemBlobStore` (embedded setup) and `S3BlobStore`.
 */
export interface BlobStore {
  /**
   * Stores the bytes of the local file `path` (already hashed to `sha256`) unless the blob is there;
   * true when it wrote them. The file may be moved or left behind; the caller removes what remains.
   */
  put(sha256: string, path: string, sizeBytes: number): Promise<boolean>;
  has(sha256: string): Promise<boolean>;
  /** The blob's bytes as a stream; undefined when there is no such blob. */
  open(sha256: string): Promise<Readable | undefined>;
  /** Removes the blob (nothing happens when there is none). */
  remove(sha256: string): Promise<void>;
  /** Every stored hash (tests and maintenance; not for request paths). */
  list(): Promise<string[]>;
}

export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error('a blob key must be a lower-case hex SHA-256');
}
