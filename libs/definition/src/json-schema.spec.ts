import { readFileSync } from 'node:fs';
import { DEFINITION_SCHEMA_FILE } from './catalog';
import { definitionJsonSchemaText } from './json-schema';

describe('the published JSON Schema', () => {
  it('matches the zod schema (regenerate: node -r ./tools/register.js libs/definition/src/generate-schema.ts)', () => {
    // Compared as data, not bytes: the repository's formatter may re-wrap the committed file.
    expect(JSON.parse(readFileSync(DEFINITION_SCHEMA_FILE, 'utf8'))).toEqual(
      JSON.parse(definitionJsonSchemaText()),
    );
  });

  it('is draft 2020-12 with shared definitions', () => {
    const schema = JSON.parse(definitionJsonSchemaText()) as Record<string, unknown>;
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema['$defs'] as object)).toEqual(
      expect.arrayContaining(['LocalizedText', 'Field', 'Step']),
    );
  });
});
