import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UploadError, UploadErrorCode } from '@onething/errors';

export interface ReceivedFile {
  /** A temporary file holding the bytes; the caller removes it (`discard`). */
  path: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * Streams `source` into a temporary file under `directory`, hashing as it goes, and stops reading the
 * moment it passes `maxBytes`: nothing of an oversize upload stays behind, and memory use is one chunk
 * whatever the size. The source is unpiped and paused, not destroyed: an HTTP request stays able to
 * carry the refusal back (the caller closes the connection after answering).
 */
export async function receiveToFile(
  source: Readable,
  directory: string,
  maxBytes: number,
): Promise<ReceivedFile> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${randomUUID()}.incoming`);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sizeBytes += chunk.length;
      if (sizeBytes > maxBytes) {
        done(new UploadError(UploadErrorCode.TooLarge, `The file is larger than ${maxBytes} bytes`));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const failSource = (error: Error) => meter.destroy(error);
  // A client that goes away mid-upload: its bytes so far are discarded like any failed upload.
  const closedEarly = () => {
    if (!source.readableEnded) meter.destroy(new Error('the upload was interrupted'));
  };
  source.once('error', failSource);
  source.once('close', closedEarly);
  source.pipe(meter);
  try {
    await pipeline(meter, createWriteStream(path));
  } catch (error) {
    source.unpipe(meter);
    source.pause();
    await discard(path);
    throw error;
  } finally {
    source.off('error', failSource);
    source.off('close', closedEarly);
  }
  if (sizeBytes === 0) {
    await discard(path);
    throw new UploadError(UploadErrorCode.Empty, 'The file is empty');
  }
  return { path, sha256: hash.digest('hex'), sizeBytes };
}

export async function discard(path: string): Promise<void> {
  await rm(path, { force: true });
}
