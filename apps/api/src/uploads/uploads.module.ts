import { Module } from '@nestjs/common';
import { PinnedDefinitionsModule } from '@onething/orchestration';
import { ACCESS_RECORDER } from '@onething/uploads';
import { blobStoreProvider, BLOB_STORE } from './blob-store.provider';
import { DownloadsService } from './downloads.service';
import { OutboxAccessRecorder } from './outbox-access-recorder';
import { UploadSweeper } from './upload-sweeper';
import { UploadsController } from './uploads.controller';
import { UploadsService } from './uploads.service';

@Module({
  imports: [PinnedDefinitionsModule],
  controllers: [UploadsController],
  providers: [
    blobStoreProvider,
    // The access trail connects here: provide its recorder instead of the outbox default.
    { provide: ACCESS_RECORDER, useClass: OutboxAccessRecorder },
    UploadsService,
    DownloadsService,
    UploadSweeper,
  ],
  exports: [BLOB_STORE, UploadSweeper],
})
export class UploadsModule {}
