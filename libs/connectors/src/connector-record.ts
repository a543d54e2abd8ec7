import { z } from 'zod';
import { nameField } from '@onething/text';

// A connector as administrators write it (`/admin/connectors`, `onething connectors put`) and as the
// catalog stores each version of it. The secret is write-only: it is sealed apart from the settings and
// never part of anything read back.

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const connectorKeySchema = z
  .string()
  .max(63)
  .regex(KEBAB_CASE, 'expected a kebab-case key such as talent-certification');
const httpUrl = z
  .string()
  .max(2000)
  .regex(
    /^https?:\/\/[A-Za-z0-9.:[\]-]+(?:\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$/,
    'an http(s) URL without query or fragment',
  )
  // overwrite (not transform): the same type out, so the OpenAPI document can describe it.
  .overwrite((url) => url.replace(/\/+$/, ''));
// Letters of any script (a department system may name its fields in Chinese), digits and `_ $ . -`.
const propertyName = z
  .string()
  .max(200)
  .regex(/^[\p{L}\p{N}_$.-]+$/u, 'a property name: letters, digits and _ $ . - only');
const answerPath = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*$/, 'a dotted path such as certificate.number');

/** The most attempts a connector may allow one call (the step's own retry policy may allow fewer). */
export const MAX_CONNECTOR_ATTEMPTS = 10;

/**
 * How the orchestrator proves itself to the department: `default` keeps the deployment's
 * CONNECTOR_TOKEN / CONNECTOR_ENDPOINTS auth (what the built-in connectors are seeded with), `none`
 * sends nothing, `bearer` sends the secret as a bearer token, `hmac` signs each request with it.
 */
export const connectorAuthTypes = ['default', 'none', 'bearer', 'hmac'] as const;
export type ConnectorAuthType = (typeof connectorAuthTypes)[number];
const secretAuthTypes: ReadonlySet<ConnectorAuthType> = new Set(['bearer', 'hmac']);
export const needsSecret = (type: ConnectorAuthType) => secretAuthTypes.has(type);

const settingsShape = {
  name: z.strictObject({ 'zh-CN': nameField({ max: 200 }), en: nameField({ max: 200 }) }),
  /** The department that operates the system (a department code). */
  department: connectorKeySchema,
  /** Checks go to `<baseUrl>/check`, lookups to `<baseUrl>/lookup`; without it the deployment's routing. */
  baseUrl: httpUrl.optional(),
  /** Where compensations go; `<baseUrl>/compensate` without it. */
  compensateUrl: httpUrl.optional(),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  retry: z.strictObject({ maximumAttempts: z.number().int().min(1).max(MAX_CONNECTOR_ATTEMPTS) }).optional(),
  /** Contract field id → the request property the department system expects. */
  requestMapping: z.record(propertyName, propertyName).default({}),
  /** Path in the department's answer (`data`) → normalised answer name the steps map to outputs. */
  responseMapping: z.record(answerPath, propertyName).default({}),
};

/** What a version stores besides the sealed secret. */
export const connectorSettingsSchema = z.strictObject({
  ...settingsShape,
  auth: z.strictObject({ type: z.enum(connectorAuthTypes) }),
});
export type ConnectorSettings = z.infer<typeof connectorSettingsSchema>;

/** The body of create and update: the settings, with the secret write-only in `auth.secret`. */
export const connectorInputSchema = z.strictObject({
  ...settingsShape,
  auth: z.strictObject({
    type: z.enum(connectorAuthTypes),
    /** Required for bearer and hmac when there is no stored one to keep; never returned. */
    secret: z
      .string()
      .min(16, 'at least 16 characters')
      .max(4096)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
      .optional(),
  }),
});
export type ConnectorInput = z.infer<typeof connectorInputSchema>;

/** Top-level settings that differ (`auth.type`), plus `auth.secret` when a new secret was given. */
export function changedSettings(
  before: ConnectorSettings | undefined,
  after: ConnectorSettings,
  secretChanged: boolean,
): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]) as Set<keyof ConnectorSettings>;
  const changed = [...keys]
    .filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after[key]))
    .map((key) => (key === 'auth' ? 'auth.type' : key))
    .sort();
  return secretChanged ? [...changed, 'auth.secret'] : changed;
}
