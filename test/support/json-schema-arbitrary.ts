import fc from 'fast-check';
import { z } from 'zod';

/** A JSON Schema node as zod's `toJSONSchema` writes them (only the keywords read here). */
interface Node {
  $ref?: string;
  $defs?: Record<string, Node>;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: Node[];
  oneOf?: Node[];
  allOf?: Node[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: Node;
  prefixItems?: Node[];
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Node>;
  required?: string[];
  additionalProperties?: boolean | Node;
  default?: unknown;
}

const MAX_DEPTH = 6;

function stringArbitrary(node: Node): fc.Arbitrary<string> {
  switch (node.format) {
    case 'uuid':
      return fc.uuid();
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
  }
  const minLength = node.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(node.maxLength ?? 24, minLength + 24));
  if (node.pattern) {
    try {
      const fits = (s: string) => s.length >= minLength && s.length <= (node.maxLength ?? Infinity);
      const matching = fc.stringMatching(new RegExp(node.pattern));
      // Filtering by length can starve (a pattern whose strings are mostly shorter than a minLength of
      // 16 never ends): only when a fixed-seed sample shows the filter takes enough of them.
      const taken = fc.sample(matching, { seed: 1, numRuns: 50 }).filter(fits).length;
      if (taken >= 5) return matching.filter(fits);
    } catch {
      // A pattern JavaScript cannot compile: fall through to plain text.
    }
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme-ascii' });
}

function numberArbitrary(node: Node, integer: boolean): fc.Arbitrary<number> {
  const min = node.minimum ?? (node.exclusiveMinimum !== undefined ? node.exclusiveMinimum + 1 : -1000);
  const max = node.maximum ?? (node.exclusiveMaximum !== undefined ? node.exclusiveMaximum - 1 : 1000);
  const low = Math.max(min, -1e6);
  const high = Math.max(low, Math.min(max, low + 1e6));
  return integer
    ? fc.integer({ min: Math.ceil(low), max: Math.floor(high) })
    : fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true });
}

function arbitraryOf(node: Node | boolean | undefined, root: Node, depth: number): fc.Arbitrary<unknown> {
  if (node === undefined || node === true || depth > MAX_DEPTH) return fc.jsonValue({ maxDepth: 2 });
  if (node === false) return fc.constant(null);
  if (node.$ref) {
    const name = node.$ref.replace(/^#\/\$defs\//, '');
    return node.$ref === '#'
      ? arbitraryOf(root, root, depth + 1)
      : arbitraryOf(root.$defs?.[name], root, depth + 1);
  }
  if (node.const !== undefined) return fc.constant(node.const);
  if (node.enum) return fc.constantFrom(...node.enum);
  const alternatives = node.anyOf ?? node.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((n) => arbitraryOf(n, root, depth + 1)));
  if (node.allOf?.length) return arbitraryOf(node.allOf[0], root, depth + 1);
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case 'string':
      return stringArbitrary(node);
    case 'integer':
      return numberArbitrary(node, true);
    case 'number':
      return numberArbitrary(node, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (node.prefixItems) return fc.tuple(...node.prefixItems.map((n) => arbitraryOf(n, root, depth + 1)));
      const minLength = node.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(node.maxItems ?? 3, minLength + 3));
      return fc.array(arbitraryOf(node.items, root, depth + 1), { minLength, maxLength });
    }
    case 'object': {
      const properties = node.properties ?? {};
      const record = fc.record(
        Object.fromEntries(Object.entries(properties).map(([k, n]) => [k, arbitraryOf(n, root, depth + 1)])),
        { requiredKeys: (node.required ?? []).filter((k) => k in properties) },
      );
      if (Object.keys(properties).length > 0 || !node.additionalProperties) return record;
      return fc.dictionary(
        fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme-ascii' }),
        arbitraryOf(node.additionalProperties, root, depth + 1),
        { maxKeys: 3 },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * Values that mostly satisfy a zod schema's shape (types, enums, formats, patterns, lengths, bounds), for
 * fuzzing: a valid skeleton gets a request past the first field, so one hostile value reaches further in.
 * Refinements JSON Schema cannot say are not honoured; that is fine for a fuzzer.
 */
export function arbitraryFromZod(schema: z.ZodType): fc.Arbitrary<unknown> {
  let root: Node;
  try {
    root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Node;
  } catch {
    return fc.jsonValue({ maxDepth: 3 });
  }
  return arbitraryOf(root, root, 0);
}
