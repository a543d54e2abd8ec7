import { readFileSync } from 'node:fs';
import { DEFINITION_SCHEMA_FILE } from '@onething/definition/node';

/** The published JSON Schema, served byte for byte as committed, so editors and the repo never disagree. */
export class DefinitionSchemaDocument {
  readonly text = readFileSync(DEFINITION_SCHEMA_FILE, 'utf8');
}
