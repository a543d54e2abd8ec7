import { z } from 'zod';
import { definitionKeySchema } from '@onething/case-model';
import { CursorCodec, cursorValue, pageQuerySchema, pageSchema } from '@onething/http';
import { composedFormResponseSchema } from '../definitions/definitions.dto';

export const catalogQuerySchema = pageQuerySchema;
export type CatalogQuery = z.infer<typeof catalogQuerySchema>;
export const catalogCursor = new CursorCodec('catalog', [cursorValue.text]);
export const catalogKeySchema = definitionKeySchema;

// ---- responses (OpenAPI) ----

const departmentSchema = z.object({
  code: z.string(),
  /** In the caller's language; the code when the department is not registered. */
  name: z.string(),
  role: z.enum(['lead', 'cooperating']),
  /** Titles of the steps this department performs, in the caller's language. */
  steps: z.array(z.string()),
});

export const catalogEntryResponseSchema = z
  .object({
    key: z.string(),
    /** The version in force: the one a submission now is pinned to. */
    version: z.number().int(),
    language: z.enum(['zh-CN', 'en']),
    title: z.string(),
    description: z.string(),
    departments: z.array(departmentSchema),
    /** The case commitment (承诺时限), when the definition declares one; as declared. */
    commitment: z.unknown().optional(),
    /** Who may apply, when the definition declares eligibility rules; as declared. */
    eligibility: z.unknown().optional(),
  })
  .meta({ id: 'CatalogEntry' });

export const catalogPageResponseSchema = pageSchema(catalogEntryResponseSchema);
export const catalogDetailResponseSchema = catalogEntryResponseSchema
  .extend({ form: composedFormResponseSchema })
  .meta({ id: 'CatalogDetail' });
export const catalogFormResponseSchema = composedFormResponseSchema;

export type CatalogEntry = z.infer<typeof catalogEntryResponseSchema>;
export type CatalogDepartment = z.infer<typeof departmentSchema>;
