import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { ReadModel } from '@onething/persistence';
import type { BlobStore } from '@onething/uploads';
import { BLOB_STORE } from './blob-store.provider';

const BATCH = 500;

/**
 * Deletes uploads no case referenced before they expired, and then each blob no row holds any more.
 * It runs in the API (every UPLOAD_SWEEP_INTERVAL_MS), next to the blob store it owns: no workflow is
 * needed for a job that is idempotent, and replicas sweeping at once skip each other's rows. Rows go
 * first and blobs after, so a crash in between leaves an unused blob, never a row without its bytes.
 */
@Injectable()
export class UploadSweeper implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly readModel: ReadModel,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  onModuleInit(): void {
    const every = this.config.uploads.sweepIntervalMs;
    if (every === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.sweep(new Date())
        .catch((error: Error) => this.log.warn({ err: error }, 'upload sweep failed; retried next time'))
        .finally(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Sweeps everything expired at `now`; how many rows and blobs it deleted. */
  async sweep(now: Date): Promise<{ rows: number; blobs: number }> {
    let rows = 0;
    let blobs = 0;
    for (;;) {
      const hashes = await this.readModel.transaction((tx) => tx.uploads.deleteExpired(now, BATCH));
      if (hashes.length === 0) break;
      rows += hashes.length;
      for (const sha256 of hashes) if (await this.removeIfUnused(sha256)) blobs += 1;
    }
    if (rows > 0) this.log.info({ rows, blobs }, 'expired uploads swept');
    return { rows, blobs };
  }

  private removeIfUnused(sha256: string): Promise<boolean> {
    return this.readModel.transaction(async (tx) => {
      await tx.uploads.lockHash(sha256);
      if (await tx.uploads.isUsed(sha256)) return false;
      await this.store.remove(sha256);
      return true;
    });
  }
}
