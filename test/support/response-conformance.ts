import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { z } from 'zod';
import { documentedRoutes, type DocumentedRoute } from '../../apps/api/src/openapi/declared-routes';
import { problemDetailsSchema } from '../../apps/api/src/openapi/problem.schema';

/**
 * Every answer the integration suite's HTTP client (`httpCall`) receives is checked against the schema
 * the OpenAPI document promises for it: a 2xx against the route's `@ApiRoute` response schema, a 4xx/5xx
 * against the problem-details schema. A mismatch fails the test that made the call.
 */
const registries = new Map<string, RouteMatcher[]>();

interface RouteMatcher {
  method: string;
  pattern: RegExp;
  /** More literal segments win (`/definitions/versions` over `/definitions/:key`). */
  literals: number;
  route: DocumentedRoute;
}

function matcherOf(route: DocumentedRoute): RouteMatcher {
  const segments = route.path.split('/').filter(Boolean);
  const source = segments
    .map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return {
    method: route.method,
    pattern: new RegExp(`^/${source}/?$`),
    literals: segments.filter((s) => !s.startsWith(':')).length,
    route,
  };
}

export function registerResponseSchemas(baseUrl: string, app: INestApplication): void {
  registries.set(baseUrl, documentedRoutes(app.get(ModulesContainer)).map(matcherOf));
}

export function forgetResponseSchemas(baseUrl: string): void {
  registries.delete(baseUrl);
}

/** The route a request meets, as the registry for `baseUrl` knows it (undefined: no registry, no route). */
export function routeFor(baseUrl: string, method: string, path: string): DocumentedRoute | undefined {
  const pathname = new URL(path, 'http://x').pathname;
  const candidates = (registries.get(baseUrl) ?? []).filter(
    (m) => m.method === method.toUpperCase() && m.pattern.test(pathname),
  );
  return candidates.sort((a, b) => b.literals - a.literals)[0]?.route;
}

/** Problems with an answer, or none: `status` and parsed JSON `body` against the documented schema. */
export function responseProblems(route: DocumentedRoute, status: number, body: unknown): string[] {
  let schema: z.ZodType | null | undefined;
  if (status >= 400) schema = problemDetailsSchema;
  else if (route.doc?.contentType === undefined) schema = route.doc?.response;
  if (!schema) return [];
  const checked = schema.safeParse(body);
  if (checked.success) return [];
  return checked.error.issues.map(
    (i) => `${route.key} ${status}: ${i.path.join('.') || '(body)'}: ${i.message}`,
  );
}

/** Throws when the answer does not match its documented schema (see `registerResponseSchemas`). */
export function assertConforms(baseUrl: string, method: string, path: string, status: number, body: unknown) {
  const route = routeFor(baseUrl, method, path);
  if (!route || body === undefined) return;
  const problems = responseProblems(route, status, body);
  if (problems.length > 0)
    throw new Error(`The answer does not match the OpenAPI document:\n${problems.slice(0, 10).join('\n')}`);
}
