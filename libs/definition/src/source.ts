import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { JsonPath } from './errors';

/** A definition read from YAML or JSON text (JSON is read as YAML 1.2, which is a superset). */
export interface ParsedSource {
  value: unknown;
  syntaxErrors: { message: string; line?: number; column?: number }[];
  /** 1-based line and column of the node at `path`, or of its nearest existing ancestor. */
  locate(path: JsonPath): { line: number; column: number } | undefined;
}

export function parseSource(text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const syntaxErrors = document.errors.map((error) => {
    const position = error.linePos?.[0];
    return {
      // The position has fields of its own; keep the message short.
      message: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, ''),
      line: position?.line,
      column: position?.col,
    };
  });
  let value: unknown = null;
  try {
    // Aliases can explode in size ("billion laughs"); toJS enforces maxAliasCount by throwing.
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    syntaxErrors.push({
      message: error instanceof Error ? error.message : String(error),
      line: 1,
      column: 1,
    });
  }
  return {
    value,
    syntaxErrors,
    locate(path) {
      const offset = offsetOf(document, path);
      if (offset === undefined) return undefined;
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    },
  };
}

function offsetOf(document: Document, path: JsonPath): number | undefined {
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      node = pair.value;
      // A key with no value (`after:`) has no node of its own: point at the key.
      offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(item) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}
