import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentSchema } from '@onething/config';

// The configuration page is written by hand (the variables carry no descriptions in code), so this keeps
// it complete: every variable the config object reads has a row, and every row names a real variable.

const PAGE = join(__dirname, '..', 'docs', 'operators', 'configuration.md');

describe('docs/operators/configuration.md', () => {
  const page = readFileSync(PAGE, 'utf8');
  const variables = Object.keys(environmentSchema.shape);

  it('documents every variable of libs/config', () => {
    expect(variables.filter((name) => !page.includes(`\`${name}\``))).toEqual([]);
  });

  it('documents no variable the config does not read', () => {
    const named = new Set(
      [...page.matchAll(/^\|([^|]+)\|/gm)].flatMap((row) => row[1].match(/[A-Z][A-Z0-9_]{2,}/g) ?? []),
    );
    expect([...named].filter((name) => !variables.includes(name))).toEqual([]);
  });
});
