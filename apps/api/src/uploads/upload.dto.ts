import { z } from 'zod';
import { CursorCodec, cursorValue, pageQueryShape } from '@onething/http';
import { definitionKeySchema } from '@onething/case-model';
import type { UploadEntity } from '@onething/persistence';

/** The route that reads its body as a raw byte stream (the body parser leaves it alone). */
export const UPLOAD_PATH = '/uploads';

const FIELD_ID = /^[a-z][a-zA-Z0-9_]*$/;

/**
 * `POST /uploads?name=<file name>[&definitionKey=<key>&fieldId=<attachment field>]` with the file's raw
 * bytes as an `application/octet-stream` body. The name travels percent-encoded in the query (UTF-8, so
 * Chinese names survive); the service checks it against the text policy.
 */
export const uploadQuerySchema = z
  .strictObject({
    name: z.string().max(1024),
    definitionKey: definitionKeySchema.optional(),
    fieldId: z.string().max(64).regex(FIELD_ID, 'a field id').optional(),
  })
  .refine((query) => (query.definitionKey === undefined) === (query.fieldId === undefined), {
    message: 'definitionKey and fieldId together, or neither',
    path: ['fieldId'],
  });
export type UploadQuery = z.infer<typeof uploadQuerySchema>;

export const sha256ParamSchema = z.string().regex(/^[a-f0-9]{64}$/, 'a SHA-256 digest as lower-case hex');
export const taskIdParamSchema = z.uuid({ message: 'a task id (UUID)' });

export const UploadResponseSchema = z.object({
  /** What an attachment field's value carries: `{ ref, name }` (type and size come from here). */
  ref: z.string(),
  sha256: z.string(),
  name: z.string(),
  /** What the bytes showed, not what the client said. */
  contentType: z.string(),
  sizeBytes: z.number().int(),
  uploadedAt: z.string(),
  /** When an upload no case references is deleted; null once a case references it (it is material). */
  expiresAt: z.string().nullable(),
});
export type UploadView = z.infer<typeof UploadResponseSchema>;

export const materialsQuerySchema = z.strictObject(pageQueryShape);
export type MaterialsQuery = z.infer<typeof materialsQuerySchema>;

export const MaterialsResponseSchema = z.object({
  items: z.array(UploadResponseSchema),
  nextCursor: z.string().nullable(),
});
export type MaterialsView = z.infer<typeof MaterialsResponseSchema>;

export function toUploadView(row: UploadEntity): UploadView {
  return {
    ref: `sha256:${row.sha256}`,
    sha256: row.sha256,
    name: row.name,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    uploadedAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

/** "My materials": newest first by (created_at, id), as the database holds them (microseconds kept). */
export const materialsCursor = new CursorCodec('materials', [cursorValue.timestamp, cursorValue.uuid]);
