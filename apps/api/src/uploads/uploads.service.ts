import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { Principal } from '@onething/auth';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { UploadError, UploadErrorCode } from '@onething/errors';
import { ApiError, ApiErrorCode } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { PinnedDefinitions } from '@onething/orchestration';
import { ReadModel } from '@onething/persistence';
import {
  checkedFileName,
  detectAcceptedType,
  discard,
  receiveToFile,
  scanWithClamd,
  type BlobStore,
  type ReceivedFile,
} from '@onething/uploads';
import { BLOB_STORE } from './blob-store.provider';
import { withStorage } from './storage-errors';
import {
  materialsCursor,
  toUploadView,
  type MaterialsQuery,
  type MaterialsView,
  type UploadQuery,
} from './upload.dto';

/** What one upload may be: the configuration's limits, narrowed by the attachment field it is for. */
interface UploadLimits {
  maxBytes: number;
  accepted: string[];
  field?: { definitionKey: string; fieldId: string; maxCount?: number };
}

/** Uploads (一套材料): receive, check, store once by hash, and list a person's materials. */
@Injectable()
export class UploadsService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  /**
   * Every check that needs no bytes runs before the first byte is read (name, counts, declared length);
   * the bytes are then streamed to a temporary file, typed by their content, scanned, and stored once.
   */
  async upload(caller: Principal, query: UploadQuery, body: Readable, declaredLength?: number) {
    const owner = ownerOf(caller);
    const name = checkedFileName(query.name);
    const limits = await this.limitsFor(query);
    const now = new Date();
    await this.assertRoomFor(owner, now, limits);
    if (declaredLength !== undefined && declaredLength > limits.maxBytes)
      throw new UploadError(UploadErrorCode.TooLarge, `The file is larger than ${limits.maxBytes} bytes`);
    const received = await receiveToFile(body, this.config.uploads.incomingDirectory, limits.maxBytes);
    try {
      const contentType = await detectAcceptedType(received.path, limits.accepted);
      await this.scan(received);
      const row = await this.readModel.transaction(async (tx) => {
        await tx.uploads.lockHash(received.sha256);
        const recorded = await tx.uploads.record({
          ownerAccountId: owner,
          sha256: received.sha256,
          name,
          contentType,
          sizeBytes: received.sizeBytes,
          definitionKey: limits.field?.definitionKey ?? null,
          fieldId: limits.field?.fieldId ?? null,
          expiresAt: new Date(now.getTime() + this.config.uploads.ttlSeconds * 1000),
        });
        // Inside the transaction: if storing fails, the row goes too and nothing half-exists.
        await withStorage(() => this.store.put(received.sha256, received.path, received.sizeBytes));
        return recorded;
      });
      this.log.info({ uploadId: row.id, contentType, sizeBytes: row.sizeBytes }, 'upload stored');
      return toUploadView(row);
    } finally {
      await discard(received.path);
    }
  }

  /** The caller's materials and pending uploads, newest first (keyset pages). */
  async materials(caller: Principal, query: MaterialsQuery): Promise<MaterialsView> {
    const { items, nextCursor } = await materialsCursor.fetch(query, (page) =>
      this.readModel.uploads.pageOfMaterials(ownerOf(caller), new Date(), page),
    );
    return { items: items.map(toUploadView), nextCursor };
  }

  private async limitsFor(query: UploadQuery): Promise<UploadLimits> {
    const { maxBytes, acceptedTypes } = this.config.uploads;
    if (query.definitionKey === undefined || query.fieldId === undefined)
      return { maxBytes, accepted: acceptedTypes };
    const pinned = await this.definitions.published(query.definitionKey);
    const field = pinned?.definition.fields.find((candidate) => candidate.id === query.fieldId);
    if (!field || field.type !== 'attachment')
      throw new UploadError(UploadErrorCode.UnknownField, 'No attachment field with this id', 'fieldId');
    return {
      maxBytes: Math.min(maxBytes, field.maxSizeBytes),
      accepted: field.accept.filter((type) => acceptedTypes.includes(type)),
      field: { definitionKey: query.definitionKey, fieldId: field.id, maxCount: field.maxCount },
    };
  }

  private async assertRoomFor(owner: string, now: Date, limits: UploadLimits): Promise<void> {
    const pending = await this.readModel.uploads.countPending(owner, now);
    if (pending >= this.config.uploads.maxPendingPerAccount)
      throw new UploadError(
        UploadErrorCode.TooMany,
        `At most ${this.config.uploads.maxPendingPerAccount} uploads may wait for a case at once`,
      );
    const field = limits.field;
    if (field?.maxCount === undefined) return;
    if ((await this.readModel.uploads.countPending(owner, now, field)) >= field.maxCount)
      throw new UploadError(
        UploadErrorCode.TooMany,
        `This field takes at most ${field.maxCount} files`,
        'fieldId',
      );
  }

  private async scan(received: ReceivedFile): Promise<void> {
    const clamd = this.config.uploads.clamd;
    if (!clamd) return;
    const verdict = await scanWithClamd(received.path, clamd);
    if (!verdict.clean) {
      this.log.warn({ signature: verdict.signature, sha256: received.sha256 }, 'upload refused: malware');
      throw new UploadError(UploadErrorCode.Infected, 'The file contains malware and was not stored');
    }
  }
}

/** Uploads belong to people; department systems have no materials. */
export function ownerOf(caller: Principal): string {
  if (caller.accountId === null) throw new ApiError(ApiErrorCode.Forbidden, 'Only people upload materials');
  return caller.accountId;
}
