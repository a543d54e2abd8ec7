import { z } from 'zod';
import { CursorCodec, cursorValue, pageQueryShape } from '@onething/http';
import {
  CONNECTOR_SETTINGS_INVALID,
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

/** A listed connector whose stored settings do not parse: why, so the others still list and it can be repaired. */
export const InvalidConnectorResponseSchema = z.strictObject({
  key: connectorKeySchema,
  version: z.number().int().min(1),
  invalid: z.strictObject({
    code: z.literal(CONNECTOR_SETTINGS_INVALID),
    issues: z.array(z.strictObject({ path: z.string(), code: z.string(), message: z.string() })),
  }),
  updatedAt: z.iso.datetime(),
  updatedBy: z.uuid().nullable(),
});

export const ConnectorListResponseSchema = z.strictObject({
  items: z.array(z.union([ConnectorResponseSchema, InvalidConnectorResponseSchema])),
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
