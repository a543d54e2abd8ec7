import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * The workflows stay organised by subject (issue 11): no function of the workflow code reaches 80 lines,
 * counted from its first line to its last, nested functions included in their parent.
 */
const MAX_LINES = 80;

/** The workflow sources, relative to this folder. */
function workflowSources(): string[] {
  return readdirSync(__dirname, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'),
  );
}

/** Every function in `file` with a body, as `path:line name` and its length in lines. */
function functionLengths(file: string): { where: string; lines: number }[] {
  const text = readFileSync(join(__dirname, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { where: string; lines: number }[] = [];
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = lineOf(node.getStart(source));
      const name = ts.getNameOfDeclaration(node)?.getText(source) ?? '(anonymous)';
      found.push({ where: `${file}:${first} ${name}`, lines: lineOf(node.getEnd()) - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('workflow code', () => {
  it('has no function of 80 lines or more', () => {
    const lengths = workflowSources().flatMap(functionLengths);
    expect(lengths.length).toBeGreaterThan(20);
    expect(lengths.filter(({ lines }) => lines >= MAX_LINES)).toEqual([]);
  });
});
