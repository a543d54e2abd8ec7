import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogValidationContext } from './connector-catalog';
import type { DefinitionIssue } from './errors';
import type { Definition } from './schema';
import { validateDefinition, type ValidationContext } from './validator';

// Node-only: reads the sample catalog from disk. Kept out of index.ts so workflow bundles never pull in fs.

export const SAMPLE_CATALOG_DIRECTORY = join(__dirname, '..', 'samples');
export const DEFINITION_SCHEMA_FILE = join(__dirname, '..', 'schema', 'definition.schema.json');

export interface CatalogEntry {
  file: string;
  source: string;
  definition: Definition;
  /** Warnings only: an invalid sample fails the load. */
  issues: DefinitionIssue[];
}

export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly issues: DefinitionIssue[],
  ) {
    super(
      `${file}: ${issues.map((found) => `${found.code} at ${found.pointer || '/'} ${found.message.en}`).join('; ')}`,
    );
    this.name = 'CatalogError';
  }
}

/** Loads and validates every *.yaml definition in a directory (default: the demo catalog), sorted by file name. */
export function loadCatalog(
  directory: string = SAMPLE_CATALOG_DIRECTORY,
  context: ValidationContext = catalogValidationContext,
): CatalogEntry[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml') || name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = join(directory, name);
      const source = readFileSync(file, 'utf8');
      const result = validateDefinition(source, context);
      if (!result.valid) throw new CatalogError(file, result.issues);
      return { file, source, definition: result.definition, issues: result.issues };
    });
}

export const loadDemoCatalog = (): CatalogEntry[] => loadCatalog();
