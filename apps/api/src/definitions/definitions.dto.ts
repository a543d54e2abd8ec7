import { z } from 'zod';
import { definitionKeySchema } from '@onething/case-model';
import type { Locale } from '@onething/definition';
import { CursorCodec, cursorValue, pageQueryShape, pageSchema } from '@onething/http';
import { documentField, int4Field, integerParam } from '@onething/text';

// Request shapes of the definitions API; the TypeScript types are inferred from these, never written twice.

const MAX_SOURCE_LENGTH = 512 * 1024;

export { definitionKeySchema };
export const versionNumberSchema = integerParam({ min: 1, max: 1_000_000 });
const revisionSchema = int4Field({ min: 1 });

/** Kept as written (line numbers of issues stay true); not blank, no NUL, lone surrogate or bidi control. */
const sourceSchema = documentField({ max: MAX_SOURCE_LENGTH });
/** The source is read as YAML 1.2 (a superset of JSON); `json` additionally insists on strict JSON. */
const formatSchema = z.enum(['yaml', 'json']).default('yaml');

export const createDraftSchema = z.strictObject({
  source: sourceSchema,
  format: formatSchema,
  /** Needed only when the source is too broken to read its `key`. */
  key: definitionKeySchema.optional(),
});
export type CreateDraftDto = z.infer<typeof createDraftSchema>;

export const updateDraftSchema = z.strictObject({
  source: sourceSchema,
  format: formatSchema,
  /** The revision the client read: a stale one is refused with 409 rather than overwriting someone's edit. */
  revision: revisionSchema,
});
export type UpdateDraftDto = z.infer<typeof updateDraftSchema>;

export const validateSourceSchema = z.strictObject({ source: sourceSchema, format: formatSchema });
export type ValidateSourceDto = z.infer<typeof validateSourceSchema>;

/** What an editor shows as the administrator types: the issues, and when valid the plan and the one form. */
export const previewSourceSchema = z.strictObject({
  source: sourceSchema,
  format: formatSchema,
  locale: z.enum(['zh-CN', 'en']).default('zh-CN') satisfies z.ZodType<Locale>,
});
export type PreviewSourceDto = z.infer<typeof previewSourceSchema>;

/** Publish and archive name the revision the administrator reviewed. */
export const transitionSchema = z.strictObject({ revision: revisionSchema });
export type TransitionDto = z.infer<typeof transitionSchema>;

const paging = pageQueryShape;
export const versionListCursor = new CursorCodec('definition-versions', [
  cursorValue.text,
  cursorValue.integer,
]);
export const definitionListCursor = new CursorCodec('definitions', [cursorValue.text]);
const statusSchema = z.enum(['draft', 'published', 'archived']);

export const listVersionsQuerySchema = z.strictObject({
  key: definitionKeySchema.optional(),
  status: statusSchema.optional(),
  ...paging,
});
export type ListVersionsQuery = z.infer<typeof listVersionsQuerySchema>;

export const listDefinitionsQuerySchema = z.strictObject({ status: statusSchema.optional(), ...paging });
export type ListDefinitionsQuery = z.infer<typeof listDefinitionsQuerySchema>;

export const formQuerySchema = z.strictObject({
  locale: z.enum(['zh-CN', 'en']).default('zh-CN') satisfies z.ZodType<Locale>,
});
export type FormQuery = z.infer<typeof formQuerySchema>;

export const diffQuerySchema = z.strictObject({ from: versionNumberSchema, to: versionNumberSchema });
export type DiffQuery = z.infer<typeof diffQuerySchema>;

// ---- responses (OpenAPI) ----

const isoTime = z.iso.datetime({ offset: true });
const localizedText = z.record(z.string(), z.string());
const issueSchema = z
  .object({
    code: z.string(),
    severity: z.enum(['error', 'warning']),
    path: z.array(z.union([z.string(), z.number()])),
    pointer: z.string(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
    message: localizedText,
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'DefinitionIssue' });

export const versionSummaryResponseSchema = z
  .object({
    key: z.string(),
    version: z.number().int(),
    status: statusSchema,
    revision: z.number().int(),
    valid: z.boolean(),
    title: localizedText.nullable(),
    leadDepartment: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
    publishedAt: isoTime.nullable(),
  })
  .meta({ id: 'DefinitionVersionSummary' });
export const versionResponseSchema = versionSummaryResponseSchema
  .extend({
    source: z.string(),
    /** The validated definition document (see /definitions/schema.json), null for an invalid draft. */
    document: z.record(z.string(), z.unknown()).nullable(),
    issues: z.array(issueSchema),
  })
  .meta({ id: 'DefinitionVersion' });
export const definitionSummaryResponseSchema = z.object({
  key: z.string(),
  versions: z.number().int(),
  latestVersion: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  drafts: z.number().int(),
  title: localizedText.nullable(),
});
export const versionPageResponseSchema = pageSchema(versionSummaryResponseSchema);
export const definitionPageResponseSchema = pageSchema(definitionSummaryResponseSchema);
export const validationResponseSchema = z.object({ valid: z.boolean(), issues: z.array(issueSchema) });
export const planResponseSchema = z.looseObject({}).meta({ description: 'The planned step graph.' });
export const composedFormResponseSchema = z
  .looseObject({
    schema: z.looseObject({}),
    uiSchema: z.record(z.string(), z.unknown()),
    fields: z.array(z.looseObject({ id: z.string() })),
    prefilled: z.array(z.looseObject({ id: z.string(), source: z.string() })),
  })
  .meta({
    id: 'ComposedForm',
    description: 'The one form: JSON Schema and UI hints (libs/definition form.ts).',
  });
export const previewResponseSchema = z
  .object({
    valid: z.boolean(),
    issues: z.array(issueSchema),
    /** The planned step graph (as `…/plan`); null while the source does not validate. */
    plan: planResponseSchema.nullable(),
    /** The composed one form (as `…/form`); null while the source does not validate. */
    form: composedFormResponseSchema.nullable(),
  })
  .meta({ id: 'DefinitionPreview' });
export const diffResponseSchema = z.looseObject({});
export const definitionSchemaResponseSchema = z.looseObject({});
