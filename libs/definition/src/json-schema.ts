import { z } from 'zod';
import { DefinitionSchema } from './schema';

export const DEFINITION_SCHEMA_ID = 'https://onething.dev/schema/definition.schema.json';

/**
 * The published JSON Schema of the authoring format (`io: 'input'`: properties with defaults are optional),
 * used by editors through `# yaml-language-server: $schema=...` lines and by API clients.
 */
export function definitionJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(DefinitionSchema, { target: 'draft-2020-12', io: 'input' }) as Record<
    string,
    unknown
  >;
  return { ...generated, $id: DEFINITION_SCHEMA_ID };
}

/** Exactly the bytes committed in libs/definition/schema/definition.schema.json. */
export function definitionJsonSchemaText(): string {
  return JSON.stringify(definitionJsonSchema(), null, 2) + '\n';
}
