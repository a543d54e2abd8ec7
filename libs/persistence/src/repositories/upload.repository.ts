import { In, IsNull, MoreThan, type EntityManager } from 'typeorm';
import { UploadEntity } from '../entities/upload.entity';
import { keysetPage, type KeysetColumn, type KeysetRequest, type KeysetResult } from './keyset';

export type NewUpload = Pick<
  UploadEntity,
  | 'ownerAccountId'
  | 'sha256'
  | 'name'
  | 'contentType'
  | 'sizeBytes'
  | 'definitionKey'
  | 'fieldId'
  | 'expiresAt'
>;

/** Materials newest first (the order of the owner's keyset index). */
export const MATERIALS_ORDER: KeysetColumn[] = [
  { sql: 'u.created_at', direction: 'DESC' },
  { sql: 'u.id', direction: 'DESC' },
];

/** Uploads and materials (一套材料): who holds which stored file, pending or referenced by a case. */
export class UploadRepository {
  constructor(private readonly manager: EntityManager) {}

  private get uploads() {
    return this.manager.getRepository(UploadEntity);
  }

  /**
   * Serialises, until the transaction ends, everything done to one hash's blob: storing it with its row,
   * and the sweep's "is it still used? then remove it". Without it the sweep could remove a blob that an
   * upload of the same bytes has just found present.
   */
  async lockHash(sha256: string): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 14))`, [sha256]);
  }

  /**
   * The person's row for these bytes: a new one, or their earlier one under the new name (a pending row's
   * expiry moves on; a referenced one stays material).
   */
  async record(upload: NewUpload): Promise<UploadEntity> {
    const rows = await this.manager.query<{ id: string }[]>(
      `INSERT INTO uploads (owner_account_id, sha256, name, content_type, size_bytes, definition_key, field_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (owner_account_id, sha256) DO UPDATE SET
         name = excluded.name,
         definition_key = excluded.definition_key,
         field_id = excluded.field_id,
         expires_at = CASE WHEN uploads.referenced_at IS NULL THEN excluded.expires_at END
       RETURNING id`,
      [
        upload.ownerAccountId,
        upload.sha256,
        upload.name,
        upload.contentType,
        upload.sizeBytes,
        upload.definitionKey,
        upload.fieldId,
        upload.expiresAt,
      ],
    );
    return this.uploads.findOneByOrFail({ id: rows[0].id });
  }

  /** The person's pending (unreferenced, unexpired) uploads, optionally those made for one field. */
  countPending(ownerAccountId: string, now: Date, field?: { definitionKey: string; fieldId: string }) {
    return this.uploads.countBy({
      ownerAccountId,
      referencedAt: IsNull(),
      expiresAt: MoreThan(now),
      ...(field ? { definitionKey: field.definitionKey, fieldId: field.fieldId } : {}),
    });
  }

  /** The person's usable rows (material, or pending and unexpired) among these hashes. */
  async usable(ownerAccountId: string, hashes: string[], now: Date): Promise<UploadEntity[]> {
    if (hashes.length === 0) return [];
    const rows = await this.uploads.findBy({ ownerAccountId, sha256: In(hashes) });
    return rows.filter((row) => row.referencedAt !== null || (row.expiresAt !== null && row.expiresAt > now));
  }

  async usableOne(ownerAccountId: string, sha256: string, now: Date): Promise<UploadEntity | undefined> {
    return (await this.usable(ownerAccountId, [sha256], now))[0];
  }

  /**
   * A case references these files: they become `ownerAccountId`'s material (never expiring), copied from
   * `sources` when the owner is not the uploader (a clerk's upload for the applicant).
   */
  async keepAsMaterial(ownerAccountId: string, sources: UploadEntity[]): Promise<void> {
    for (const source of sources) {
      await this.manager.query(
        `INSERT INTO uploads (owner_account_id, sha256, name, content_type, size_bytes, definition_key, field_id, referenced_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (owner_account_id, sha256) DO UPDATE SET
           referenced_at = coalesce(uploads.referenced_at, now()), expires_at = NULL`,
        [
          ownerAccountId,
          source.sha256,
          source.name,
          source.contentType,
          source.sizeBytes,
          source.definitionKey,
          source.fieldId,
        ],
      );
    }
  }

  /** A page of the person's materials and pending uploads, newest first. */
  pageOfMaterials(
    ownerAccountId: string,
    now: Date,
    page: KeysetRequest,
  ): Promise<KeysetResult<UploadEntity>> {
    const query = this.uploads
      .createQueryBuilder('u')
      .where('u.owner_account_id = :ownerAccountId', { ownerAccountId })
      .andWhere('(u.referenced_at IS NOT NULL OR u.expires_at > :now)', { now });
    return keysetPage(query, MATERIALS_ORDER, page);
  }

  /** Deletes up to `batch` expired pending rows; the hashes they held. */
  async deleteExpired(now: Date, batch: number): Promise<string[]> {
    // A DELETE answers [rows, count] through TypeORM's query runner.
    const [deleted] = await this.manager.query<[{ sha256: string }[], number]>(
      `DELETE FROM uploads WHERE id IN (
         SELECT id FROM uploads WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ) RETURNING sha256`,
      [now, batch],
    );
    return [...new Set(deleted.map((row) => row.sha256))];
  }

  async isUsed(sha256: string): Promise<boolean> {
    return (await this.uploads.countBy({ sha256 })) > 0;
  }

  countRows(): Promise<number> {
    return this.uploads.count();
  }
}
