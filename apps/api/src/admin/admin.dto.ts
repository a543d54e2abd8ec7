import { z } from 'zod';
import { securityEventQuerySchema } from '@onething/auth';
import { CursorCodec, cursorValue, pageQueryShape, pageQuerySchema } from '@onething/http';

export const adminListQuerySchema = pageQuerySchema;
export type AdminListQuery = z.infer<typeof adminListQuerySchema>;

export const securityEventListQuerySchema = securityEventQuerySchema.extend(pageQueryShape);
export type SecurityEventListQuery = z.infer<typeof securityEventListQuerySchema>;

export const userListCursor = new CursorCodec('users', [cursorValue.text, cursorValue.uuid]);
export const departmentListCursor = new CursorCodec('departments', [cursorValue.text]);
export const credentialListCursor = new CursorCodec('credentials', [cursorValue.timestamp, cursorValue.uuid]);
export const securityEventCursor = new CursorCodec('security-events', [cursorValue.bigint]);
