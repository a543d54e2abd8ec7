import type { Principal } from '@onething/auth';
import { attachmentReferences, type Definition, type StoredAttachment } from '@onething/definition';
import type { ReadModelRepositories, UploadEntity } from '@onething/persistence';

/** The caller's usable uploads (pending or material) that `data`'s attachment fields reference. */
export async function referencedUploads(
  repositories: ReadModelRepositories,
  definition: Definition,
  data: Readonly<Record<string, unknown>>,
  caller: Principal,
): Promise<UploadEntity[]> {
  const hashes = attachmentReferences(definition, data);
  if (hashes.length === 0 || caller.accountId === null) return [];
  return repositories.uploads.usable(caller.accountId, hashes, new Date());
}

/** What submission validation takes as the truth about each referenced file. */
export function storedAttachments(uploads: UploadEntity[]): Map<string, StoredAttachment> {
  return new Map(
    uploads.map((row) => [
      `sha256:${row.sha256}`,
      { contentType: row.contentType, sizeBytes: row.sizeBytes },
    ]),
  );
}

/** Referenced files stay: as the uploader's material and, for a clerk's case, the applicant's too. */
export async function keepAsMaterial(
  repositories: ReadModelRepositories,
  uploads: UploadEntity[],
  owners: (string | null)[],
): Promise<void> {
  if (uploads.length === 0) return;
  for (const owner of new Set(owners.filter((id): id is string => id !== null)))
    await repositories.uploads.keepAsMaterial(owner, uploads);
}
