import type { JsonPath } from './errors';

/** The longest prefix of `path` that resolves in `document`. */
export function existingPrefix(document: unknown, path: JsonPath): JsonPath {
  const kept: JsonPath = [];
  let node: unknown = document;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number' && segment >= 0 && segment < node.length) {
      node = node[segment];
    } else if (
      isRecord(node) &&
      !Array.isArray(node) &&
      Object.prototype.hasOwnProperty.call(node, segment)
    ) {
      node = node[String(segment)];
    } else {
      break;
    }
    kept.push(segment);
  }
  return kept;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
