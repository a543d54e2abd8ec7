import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';
import { routesOfController, type DocumentedRoute } from './declared-routes';

// Every string and array a route accepts (body, query, path parameters) has an upper bound, so no route
// takes a megabyte of text because a schema forgot its `.max()`; a value of any shape only where a
// definition's schema checks it. Read from the controllers' metadata: a new route is checked without
// anyone listing it.

const API_SOURCE = join(__dirname, '..');
/** Formats whose pattern bounds the length by itself. */
const BOUNDED_FORMATS = new Set(['uuid', 'date', 'date-time', 'time', 'ipv4']);

function controllerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? controllerFiles(join(dir, entry.name))
      : entry.name.endsWith('.controller.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

async function declaredRoutes(): Promise<DocumentedRoute[]> {
  const routes: DocumentedRoute[] = [];
  for (const file of controllerFiles(API_SOURCE)) {
    for (const exported of Object.values((await import(file)) as Record<string, unknown>)) {
      if (typeof exported !== 'function' || !Reflect.hasMetadata(PATH_METADATA, exported)) continue;
      const controller = exported as new () => object;
      routes.push(...routesOfController(controller.prototype as Record<string, unknown>, controller));
    }
  }
  return routes;
}

type JsonSchema = Record<string, unknown>;

/**
 * Values whose shape a definition decides: the service checks each against the schema it composes from
 * the definition (the form, a notice's fields, a step's outputs), which bounds every text and list in it.
 */
const CHECKED_BY_THE_DEFINITION = [
  'POST /cases body/application/additionalProperties (any value)',
  'POST /cases/:id/confirm body/answers/additionalProperties (any value)',
  'POST /cases/:id/notices/:noticeId/answer body/values/additionalProperties (any value)',
  'POST /tasks/:id/decision body/outputs/additionalProperties (any value)',
];

/** An anchored pattern without unbounded repetition (`*`, `+`, `{n,}`) bounds the length by itself. */
function boundedPattern(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  const plain = pattern.replace(/\\./g, 'x');
  return plain.startsWith('^') && plain.endsWith('$') && !/[*+]|\{\d*,\}/.test(plain);
}

/** The JSON-pointer-ish paths of every string without `maxLength` and array without `maxItems`. */
function unbounded(node: unknown, path: string, found: string[]): string[] {
  if (!node || typeof node !== 'object') return found;
  const schema = node as JsonSchema;
  const types = ([] as unknown[]).concat(schema.type ?? []);
  const fixed = 'const' in schema || 'enum' in schema;
  if (!['type', 'const', 'enum', 'anyOf', 'oneOf', 'allOf', '$ref', 'not'].some((key) => key in schema))
    found.push(`${path} (any value)`);
  if (types.includes('string') && !fixed && schema.maxLength === undefined) {
    if (!BOUNDED_FORMATS.has(String(schema.format)) && !boundedPattern(schema.pattern))
      found.push(`${path} (string)`);
  }
  if (types.includes('array') && schema.maxItems === undefined && schema.items !== false)
    found.push(`${path} (array)`);
  for (const [key, child] of Object.entries(schema)) {
    if (key === 'properties' || key === '$defs' || key === 'patternProperties') {
      for (const [name, property] of Object.entries(child as JsonSchema))
        unbounded(property, `${path}/${name}`, found);
    } else if (Array.isArray(child)) {
      child.forEach((item, i) => unbounded(item, `${path}/${key}${i}`, found));
    } else if (
      key === 'items' ||
      key === 'additionalProperties' ||
      key === 'propertyNames' ||
      key === 'not'
    ) {
      unbounded(child, `${path}/${key === 'items' ? '*' : key}`, found);
    }
  }
  return found;
}

function inputsOf(route: DocumentedRoute): [string, z.ZodType][] {
  const inputs: [string, z.ZodType | undefined][] = [
    ['body', route.body],
    ['query', route.query],
    ...Object.entries(route.params).map(([name, schema]): [string, z.ZodType | undefined] => [
      `:${name}`,
      schema,
    ]),
  ];
  return inputs.filter((input): input is [string, z.ZodType] => input[1] !== undefined);
}

describe('request schemas', () => {
  let routes: DocumentedRoute[];
  beforeAll(async () => {
    routes = await declaredRoutes();
  });

  it('are read from every controller', () => {
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.map((route) => route.key)).toEqual(
      expect.arrayContaining(['POST /codec/decode', 'POST /verify']),
    );
  });

  it('bound every string and array a route accepts, and take any value only where a definition checks it', () => {
    const findings = routes.flatMap((route) =>
      inputsOf(route).flatMap(([where, schema]) =>
        unbounded(
          z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
          `${route.key} ${where}`,
          [],
        ),
      ),
    );
    expect(findings.filter((finding) => !CHECKED_BY_THE_DEFINITION.includes(finding))).toEqual([]);
    // A route that no longer takes such a value leaves the list.
    expect(CHECKED_BY_THE_DEFINITION.filter((allowed) => !findings.includes(allowed))).toEqual([]);
  });
});
