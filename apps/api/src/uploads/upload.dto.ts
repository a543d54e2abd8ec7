import { z } from 'zod';
import { pageQueryShape } from '@onething/http';
import { definitionKeySchema } from '@onething/case-model';
import type { UploadEntity } from '@onething/persistence';
import { ApiError, ApiErrorCode } from '@onething/http';

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

const cursorSchema = z.strictObject({ c: z.iso.datetime(), i: z.uuid() });

/** An opaque keyset cursor: the last row's (created_at, id), base64url JSON. */
export function encodeCursor(row: Pick<UploadEntity, 'createdAt' | 'id'>): string {
  return Buffer.from(JSON.stringify({ c: row.createdAt.toISOString(), i: row.id })).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const checked = cursorSchema.safeParse(parsed);
  if (!checked.success) {
    const message = 'Not a cursor this list gave out';
    throw new ApiError(ApiErrorCode.ValidationFailed, message, 'cursor', [
      { code: 'INVALID_CURSOR', message, path: 'cursor' },
    ]);
  }
  return { createdAt: new Date(checked.data.c), id: checked.data.i };
}
