import { z } from 'zod';
import { CursorCodec, cursorValue, pageQueryShape } from '@onething/http';
import {
  connectorAuthTypes,
  connectorInputSchema,
  connectorKeySchema,
  connectorSettingsSchema,
} from '@onething/connectors';

// Request and response shapes of `/admin/connectors`; the types are inferred from these.

export const connectorKeyParamSchema = connectorKeySchema;

/** Keyset pagination as every list of the API: `limit` 1..100 (default 50), an opaque `cursor`. */
export const connectorListQuerySchema = z.strictObject(pageQueryShape);
export type ConnectorListQuery = z.infer<typeof connectorListQuerySchema>;

/** The catalog by key; a connector's versions newest first (by number). */
export const connectorListCursor = new CursorCodec('connectors', [connectorKeySchema]);
export const connectorVersionsCursor = new CursorCodec('connector-versions', [cursorValue.integer]);

/** Create: the key and the settings; `auth.secret` is write-only. */
export const createConnectorSchema = connectorInputSchema.extend({ key: connectorKeySchema });
export type CreateConnectorDto = z.infer<typeof createConnectorSchema>;

/** Update (a new version): the whole settings; without `auth.secret` the stored secret is kept. */
export const updateConnectorSchema = connectorInputSchema;
export type UpdateConnectorDto = z.infer<typeof updateConnectorSchema>;

export const ConnectorResponseSchema = connectorSettingsSchema.extend({
  key: connectorKeySchema,
  version: z.number().int().min(1),
  auth: z.strictObject({ type: z.enum(connectorAuthTypes), secretSet: z.boolean() }),
  updatedAt: z.iso.datetime(),
  updatedBy: z.uuid().nullable(),
});

export const ConnectorListResponseSchema = z.strictObject({
  items: z.array(ConnectorResponseSchema),
  nextCursor: z.string().nullable(),
});

export const ConnectorVersionsResponseSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      version: z.number().int().min(1),
      createdAt: z.iso.datetime(),
      createdBy: z.uuid().nullable(),
      changes: z.array(z.string()),
    }),
  ),
  nextCursor: z.string().nullable(),
});
