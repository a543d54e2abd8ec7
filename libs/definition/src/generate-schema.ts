// Regenerates the published JSON Schema: node -r ./tools/register.js libs/definition/src/generate-schema.ts
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { DEFINITION_SCHEMA_FILE } from './catalog';
import { definitionJsonSchemaText } from './json-schema';

async function main(): Promise<void> {
  // Written as the repository formatter would write it, so `npm run format` never shows a diff.
  const options = (await resolveConfig(DEFINITION_SCHEMA_FILE)) ?? {};
  writeFileSync(
    DEFINITION_SCHEMA_FILE,
    await format(definitionJsonSchemaText(), { ...options, parser: 'json' }),
  );
  process.stdout.write(`wrote ${DEFINITION_SCHEMA_FILE}\n`);
}

void main();
