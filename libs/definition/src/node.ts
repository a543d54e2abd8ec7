// Node-only entry point: everything in index.ts plus the file-system catalog loader.
export * from './index';
export {
  loadCatalog,
  loadDemoCatalog,
  CatalogError,
  SAMPLE_CATALOG_DIRECTORY,
  DEFINITION_SCHEMA_FILE,
} from './catalog';
export type { CatalogEntry } from './catalog';
