import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TextProblemCode } from '@onething/text';
import {
  DEFINITION_ISSUE_CATALOG,
  DefinitionIssueCode,
  renderDefinitionReference,
  renderIssueReference,
} from '@onething/definition';

// The generated reference pages: what `npm run docs:generate` writes and what the staleness test
// (test/docs-generated.spec.ts) compares with the committed files.

export const REPOSITORY = join(__dirname, '..', '..');
const DEFINITION_SOURCES = join(REPOSITORY, 'libs', 'definition', 'src');
/** The module that turns the text policy's problems into definition issues (their codes are dynamic). */
const TEXT_CHECKS = 'libs/definition/src/text-checks.ts';

/** For each issue code, the validator modules that emit it (found by reading their source). */
export function issueEmitters(): Record<DefinitionIssueCode, string[]> {
  const emitters = Object.fromEntries(
    Object.keys(DEFINITION_ISSUE_CATALOG).map((code) => [code, [] as string[]]),
  ) as Record<DefinitionIssueCode, string[]>;
  const codeOfMember = DefinitionIssueCode as Readonly<Record<string, DefinitionIssueCode>>;
  for (const file of readdirSync(DEFINITION_SOURCES).sort()) {
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
    if (['errors.ts', 'issue-catalog.ts', 'reference.ts'].includes(file)) continue;
    const source = readFileSync(join(DEFINITION_SOURCES, file), 'utf8');
    if (!source.includes('DefinitionIssueCode')) continue;
    const path = relative(REPOSITORY, join(DEFINITION_SOURCES, file));
    for (const match of source.matchAll(/\b(?:DefinitionIssueCode|Code)\.([A-Za-z]+)\b/g)) {
      const code = codeOfMember[match[1]];
      if (code && !emitters[code].includes(path)) emitters[code].push(path);
    }
  }
  for (const code of Object.values(TextProblemCode)) emitters[code].push(TEXT_CHECKS);
  return emitters;
}

/**
 * Repository-relative path → the exact text the committed file must hold. The pages are listed in
 * .prettierignore: what the renderer writes is what is committed, with no formatter in between.
 */
export function generatedPages(): Map<string, string> {
  return new Map<string, string>([
    ['docs/reference/definition-language.md', renderDefinitionReference('en')],
    ['docs/zh-CN/reference/definition-language.md', renderDefinitionReference('zh-CN')],
    ['docs/reference/validator-issues.md', renderIssueReference(issueEmitters())],
  ]);
}
