// Regenerates the published JSON Schema: node -r ./tools/register.js libs/definition/src/generate-schema.ts
import { writeFileSync } from 'node:fs';
import { DEFINITION_SCHEMA_FILE } from './catalog';
import { definitionJsonSchemaText } from './json-schema';

writeFileSync(DEFINITION_SCHEMA_FILE, definitionJsonSchemaText());
process.stdout.write(`wrote ${DEFINITION_SCHEMA_FILE}\n`);
