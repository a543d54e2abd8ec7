import { loadCatalog, loadDemoCatalog, CatalogError } from './catalog';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('the sample catalog', () => {
  const catalog = loadDemoCatalog();

  it('holds the demo one-things, all valid without a single warning', () => {
    expect(catalog.map((entry) => entry.definition.key)).toEqual([
      'foreign-talent-work-permit',
      'talent-certificate-flow',
      // Sorted by file name: talent-housing-subsidy-proactive.yaml comes before talent-housing.yaml.
      'talent-housing-subsidy-proactive',
      'talent-housing',
      'talent-introduction',
      'talent-newborn',
      'talent-settlement',
      'talent-startup',
    ]);
    for (const entry of catalog) expect(entry.issues).toEqual([]);
  });

  it('points every sample at the published JSON Schema for editors', () => {
    for (const entry of catalog) {
      expect(entry.source.split('\n')[0]).toBe(
        '# yaml-language-server: $schema=../schema/definition.schema.json',
      );
    }
  });

  it('fails loudly, naming the file and the issues, when a definition is invalid', () => {
    const directory = mkdtempSync(join(tmpdir(), 'onething-catalog-'));
    writeFileSync(join(directory, 'broken.yaml'), 'key: Not Kebab\n');
    expect(() => loadCatalog(directory)).toThrow(CatalogError);
    expect(() => loadCatalog(directory)).toThrow(/broken\.yaml: INVALID_VALUE at \/key/);
  });
});
