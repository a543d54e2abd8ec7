import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { startMotoServer, type MotoServer } from '@onething/testing';
import type { BlobStore } from './blob-store';
import { FilesystemBlobStore } from './filesystem-blob-store';
import { S3BlobStore } from './s3-blob-store';

// One contract, every adapter: the filesystem default and S3 against a real S3-compatible server (moto).

let scratch: string;
let moto: MotoServer;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'onething-blobs-'));
  moto = await startMotoServer();
});
afterAll(async () => {
  await moto?.stop();
  await rm(scratch, { recursive: true, force: true });
});

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A file of `bytes` to store, and the hash it is stored under. */
async function fileOf(bytes: Buffer): Promise<{ path: string; sha256: string }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const path = join(scratch, `${sha256}-${Math.random().toString(36).slice(2)}.incoming`);
  await writeFile(path, bytes);
  return { path, sha256 };
}

const adapters: [string, () => Promise<BlobStore>][] = [
  ['filesystem', async () => new FilesystemBlobStore(await mkdtemp(join(scratch, 'store-')))],
  [
    's3 (moto)',
    async () => {
      const bucket = `blobs-${Math.random().toString(36).slice(2, 10)}`;
      const options = {
        region: 'us-east-1',
        endpoint: moto.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      };
      await new S3Client(options).send(new CreateBucketCommand({ Bucket: bucket }));
      return new S3BlobStore(new S3Client(options), bucket);
    },
  ],
];

describe.each(adapters)('the %s blob store', (_name, create) => {
  let store: BlobStore;
  beforeEach(async () => {
    store = await create();
  });

  it('stores bytes under their hash and streams them back unchanged', async () => {
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    const { path, sha256 } = await fileOf(bytes);
    expect(await store.put(sha256, path, bytes.length)).toBe(true);
    expect(await store.has(sha256)).toBe(true);
    expect((await readAll((await store.open(sha256))!)).equals(bytes)).toBe(true);
  });

  it('stores the same bytes once, however often they are put', async () => {
    const bytes = Buffer.from('%PDF-1.4 the same contract twice');
    const first = await fileOf(bytes);
    const second = await fileOf(bytes);
    expect(await store.put(first.sha256, first.path, bytes.length)).toBe(true);
    expect(await store.put(second.sha256, second.path, bytes.length)).toBe(false);
    expect(await store.list()).toEqual([first.sha256]);
  });

  it('knows nothing of a hash never stored, and forgets a removed one', async () => {
    const bytes = Buffer.from('to be removed');
    const { path, sha256 } = await fileOf(bytes);
    const never = 'f'.repeat(64);
    expect(await store.has(never)).toBe(false);
    expect(await store.open(never)).toBeUndefined();
    await store.put(sha256, path, bytes.length);
    await store.remove(sha256);
    await store.remove(sha256);
    expect(await store.has(sha256)).toBe(false);
    expect(await store.list()).toEqual([]);
  });

  it('refuses a key that is not a SHA-256 (no path can be smuggled in)', async () => {
    await expect(store.has('../../etc/passwd')).rejects.toThrow(/SHA-256/);
  });
});
