import { UploadError } from '@onething/errors';
import { serviceUnavailable } from '@onething/http';

/**
 * A blob store that cannot be reached (a full disk, S3 away) answers 503 naming the storage, with
 * Retry-After, instead of a bare 500: the request changed nothing and can be made again.
 */
export async function withStorage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UploadError) throw error;
    throw serviceUnavailable('BlobStorage', 'The document storage is unavailable');
  }
}
