import { isNode, parseDocument, type Node } from 'yaml';
import type { DefinitionIssue } from '../shared/types';

export interface IssueRange {
  from: number;
  to: number;
  /** 1-based line of `from`. */
  line: number;
}

/**
 * Where an issue sits in the source. The validator's path (`steps.2.department`) is looked up in the
 * YAML document's nodes, which know their offsets; a path that does not resolve (a key that is missing)
 * falls back to its nearest ancestor that does, then to the line and column the validator gave.
 */
export function issueRanges(source: string, issues: readonly DefinitionIssue[]): IssueRange[] {
  const document = parseDocument(source, { keepSourceTokens: false, uniqueKeys: false });
  const lineStarts = lineStartsOf(source);
  return issues.map((issue) => {
    const byPath = issue.path.length > 0 ? nodeRange(document.contents, issue.path) : undefined;
    const range = byPath ?? lineColumnRange(issue, lineStarts, source.length);
    return { ...range, line: lineOf(range.from, lineStarts) };
  });
}

function nodeRange(
  root: unknown,
  path: readonly (string | number)[],
): { from: number; to: number } | undefined {
  let node: unknown = root;
  let found: Node | undefined = isNode(root) ? root : undefined;
  for (const segment of path) {
    const next = childOf(node, segment);
    if (next === undefined) break;
    node = next;
    if (isNode(next)) found = next;
  }
  if (!found?.range) return undefined;
  const [from, valueEnd] = found.range;
  return { from, to: Math.max(valueEnd, from + 1) };
}

function childOf(node: unknown, segment: string | number): unknown {
  if (!node || typeof node !== 'object' || !('get' in node)) return undefined;
  const collection = node as { get(key: unknown, keepScalar: true): unknown };
  return collection.get(segment, true) ?? collection.get(String(segment), true);
}

function lineColumnRange(
  issue: DefinitionIssue,
  lineStarts: number[],
  length: number,
): { from: number; to: number } {
  if (issue.line === undefined) return { from: 0, to: Math.min(1, length) };
  const start = lineStarts[Math.min(issue.line, lineStarts.length) - 1] ?? 0;
  const from = Math.min(start + Math.max((issue.column ?? 1) - 1, 0), length);
  const lineEnd = (lineStarts[issue.line] ?? length + 1) - 1;
  return { from, to: Math.max(Math.min(lineEnd, length), from) };
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let index = 0; index < source.length; index += 1) if (source[index] === '\n') starts.push(index + 1);
  return starts;
}

function lineOf(offset: number, lineStarts: number[]): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
