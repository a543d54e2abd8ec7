import { z } from 'zod';
import { securityEventQuerySchema } from '@onething/auth';
import { CursorCodec, cursorValue, pageQueryShape, pageQuerySchema, pageSchema } from '@onething/http';

export const adminListQuerySchema = pageQuerySchema;
export type AdminListQuery = z.infer<typeof adminListQuerySchema>;

export const securityEventListQuerySchema = securityEventQuerySchema.extend(pageQueryShape);
export type SecurityEventListQuery = z.infer<typeof securityEventListQuerySchema>;

export const userListCursor = new CursorCodec('users', [cursorValue.text, cursorValue.uuid]);
export const departmentListCursor = new CursorCodec('departments', [cursorValue.text]);
export const credentialListCursor = new CursorCodec('credentials', [cursorValue.timestamp, cursorValue.uuid]);
export const securityEventCursor = new CursorCodec('security-events', [cursorValue.bigint]);

// ---- responses (OpenAPI) ----

const isoTime = z.iso.datetime({ offset: true });
const localizedName = z.object({ 'zh-CN': z.string(), en: z.string() });

export const accountResponseSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.string()),
    departments: z.array(z.string()),
    active: z.boolean(),
    external: z.boolean(),
    createdAt: isoTime,
  })
  .meta({ id: 'Account' });
export const departmentResponseSchema = z
  .object({ code: z.string(), name: localizedName, active: z.boolean() })
  .meta({ id: 'Department' });
export const credentialResponseSchema = z
  .object({
    id: z.uuid(),
    department: z.string(),
    label: z.string(),
    createdAt: isoTime,
    rotatedAt: isoTime.nullable(),
    revokedAt: isoTime.nullable(),
    lastUsedAt: isoTime.nullable(),
  })
  .meta({ id: 'Credential' });
/** Creation and rotation: the secret is in this answer and nowhere else, ever. */
export const credentialWithSecretResponseSchema = credentialResponseSchema.extend({ secret: z.string() });
export const securityEventResponseSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  accountId: z.uuid().nullable(),
  actorId: z.uuid().nullable(),
  department: z.string().nullable(),
  address: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  occurredAt: isoTime,
});
export const accountPageResponseSchema = pageSchema(accountResponseSchema);
export const departmentPageResponseSchema = pageSchema(departmentResponseSchema);
export const credentialPageResponseSchema = pageSchema(credentialResponseSchema);
export const securityEventPageResponseSchema = pageSchema(securityEventResponseSchema);
