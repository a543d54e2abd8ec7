import { Module } from '@nestjs/common';
import { PinnedDefinitionsModule } from '@onething/orchestration';
import { blobStoreProvider, BLOB_STORE } from './blob-store.provider';
import { DownloadsService } from './downloads.service';
import { UploadSweeper } from './upload-sweeper';
import { UploadsController } from './uploads.controller';
import { UploadsService } from './uploads.service';

@Module({
  imports: [PinnedDefinitionsModule],
  controllers: [UploadsController],
  providers: [blobStoreProvider, UploadsService, DownloadsService, UploadSweeper],
  exports: [BLOB_STORE, UploadSweeper],
})
export class UploadsModule {}
