import { Inject, Injectable } from '@nestjs/common';
import { AccessTrail, departmentBasis, type AccessRecord } from '@onething/audit';
import type { Readable } from 'node:stream';
import { assertMayWorkTask, type Principal } from '@onething/auth';
import { UploadError, UploadErrorCode } from '@onething/errors';
import { ApiError, ApiErrorCode } from '@onething/http';
import { ReadModel } from '@onething/persistence';
import type { BlobStore } from '@onething/uploads';
import { BLOB_STORE } from './blob-store.provider';
import { withStorage } from './storage-errors';
import { ownerOf } from './uploads.service';

export interface Download {
  stream: Readable;
  name: string;
  contentType: string;
  sizeBytes: number;
}

interface AttachmentFacts {
  name: string;
  contentType: string;
  sizeBytes: number;
}

/**
 * Downloads: a department reads a document only through a task whose data (exactly its step's contract)
 * holds it; a person reads their own materials. Each download is recorded before a byte leaves.
 */
@Injectable()
export class DownloadsService {
  constructor(
    private readonly readModel: ReadModel,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    private readonly trail: AccessTrail,
  ) {}

  async taskAttachment(caller: Principal, taskId: string, sha256: string): Promise<Download> {
    const task = await this.readModel.tasks.find(taskId);
    if (!task) throw new ApiError(ApiErrorCode.NotFound, 'No such task', 'id');
    assertMayWorkTask(caller, task);
    const found = findAttachment(task.data, sha256);
    if (!found) throw new UploadError(UploadErrorCode.NotFound, 'No such attachment in this task', 'sha256');
    return this.open(sha256, found.attachment, {
      ...departmentBasis(caller, task.department),
      caseId: task.caseId,
      resource: 'attachment',
      fields: [found.fieldId],
    });
  }

  async ownMaterial(caller: Principal, sha256: string): Promise<Download> {
    const row = await this.readModel.uploads.usableOne(ownerOf(caller), sha256, new Date());
    if (!row) throw new UploadError(UploadErrorCode.NotFound, 'No such material', 'sha256');
    // One's own material: recorded like any download, as the owner's own read.
    return this.open(sha256, row, {
      actor: { kind: caller.kind, id: caller.id },
      role: 'applicant',
      subjectAccountId: caller.accountId,
      resource: 'material',
      fields: [`materials.${sha256}`],
      purpose: 'own-case',
    });
  }

  private async open(sha256: string, facts: AttachmentFacts, access: AccessRecord): Promise<Download> {
    const stream = await withStorage(() => this.store.open(sha256));
    if (!stream) throw new UploadError(UploadErrorCode.NotFound, 'The file is no longer stored', 'sha256');
    try {
      await this.trail.record(access);
    } catch (error) {
      // No record, no read: the stream opened for nothing is closed.
      stream.destroy();
      throw error;
    }
    return { stream, name: facts.name, contentType: facts.contentType, sizeBytes: facts.sizeBytes };
  }
}

/**
 * The contract field holding the file: an attachment field's value (`[{ ref: "sha256:…", … }]`) or a
 * step output's document (`{ sha256, … }`), as the task's data carries them.
 */
export function findAttachment(
  data: Readonly<Record<string, unknown>>,
  sha256: string,
): { fieldId: string; attachment: AttachmentFacts } | undefined {
  for (const [fieldId, value] of Object.entries(data)) {
    for (const candidate of Array.isArray(value) ? value : [value]) {
      if (isReferenceTo(candidate, sha256)) return { fieldId, attachment: candidate };
    }
  }
  return undefined;
}

function isReferenceTo(candidate: unknown, sha256: string): candidate is AttachmentFacts {
  if (typeof candidate !== 'object' || candidate === null) return false;
  const value = candidate as Record<string, unknown>;
  const named = value['ref'] === `sha256:${sha256}` || value['sha256'] === sha256;
  return (
    named &&
    typeof value['name'] === 'string' &&
    typeof value['contentType'] === 'string' &&
    typeof value['sizeBytes'] === 'number'
  );
}
