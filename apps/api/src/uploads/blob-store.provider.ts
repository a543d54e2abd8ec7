import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { FilesystemBlobStore, S3BlobStore, type BlobStore } from '@onething/uploads';

export const BLOB_STORE = Symbol('BLOB_STORE');

/** The storage port's adapter the configuration names (UPLOAD_STORAGE). */
export const blobStoreProvider: Provider = {
  provide: BLOB_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): BlobStore => {
    const storage = config.uploads.storage;
    return storage.kind === 's3' ? S3BlobStore.create(storage) : new FilesystemBlobStore(storage.directory);
  },
};
