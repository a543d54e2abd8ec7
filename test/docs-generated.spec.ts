import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFINITION_ISSUE_CATALOG,
  documentedProperties,
  type DefinitionIssueCode,
} from '@onething/definition';
import { generatedPages, issueEmitters, REPOSITORY } from '../tools/docs/generated-pages';

// The definition-language reference and the validator's issue codes are generated from the code; these
// tests fail when a committed page no longer matches what `npm run docs:generate` would write, or when
// the schema or the catalog lacks what the pages are made of.

describe('generated documentation', () => {
  it.each([
    'docs/reference/definition-language.md',
    'docs/zh-CN/reference/definition-language.md',
    'docs/reference/validator-issues.md',
  ])('%s is what npm run docs:generate writes', (path) => {
    const expected = generatedPages().get(path);
    expect(expected).toBeDefined();
    const committed = readFileSync(join(REPOSITORY, path), 'utf8');
    if (committed !== expected) throw new Error(`${path} is stale: run npm run docs:generate and commit it`);
    expect(committed).toBe(expected);
  });

  it('describes every property of the definition language in zh-CN and en', () => {
    const properties = documentedProperties();
    expect(properties.length).toBeGreaterThan(80);
    const undescribed = properties.filter(({ en, zh }) => !en?.trim() || !zh?.trim()).map(({ path }) => path);
    expect(undescribed).toEqual([]);
  });

  it('lists for every issue code the validator module that emits it', () => {
    const emitters = issueEmitters();
    const neverEmitted = (Object.keys(DEFINITION_ISSUE_CATALOG) as DefinitionIssueCode[]).filter(
      (code) => emitters[code].length === 0,
    );
    expect(neverEmitted).toEqual([]);
    expect(emitters.DEPENDENCY_CYCLE).toEqual(['libs/definition/src/graph-checks.ts']);
  });
});
