import type { ModulesContainer } from '@nestjs/core';
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { oas31 } from 'zod-openapi';
import { documentedRoutes, type DocumentedRoute } from './declared-routes';
import { problemResponse } from './problem.schema';

const BEARER = 'bearer';

/** `/cases/:id` → `/cases/{id}`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');

function successStatus(route: DocumentedRoute): number {
  return route.doc?.status ?? route.httpCode ?? (route.method === 'POST' ? 201 : 200);
}

function successResponses(route: DocumentedRoute): ZodOpenApiOperationObject['responses'] {
  const doc = route.doc!;
  const content = doc.response && { [doc.contentType ?? 'application/json']: { schema: doc.response } };
  const statuses = [successStatus(route), ...(doc.alsoStatus ?? [])];
  const notModified = doc.notModified ? [['304', { description: 'Not modified (If-None-Match)' }]] : [];
  return Object.fromEntries([
    ...statuses.map((status) => [
      String(status),
      { description: doc.summary, ...(content ? { content } : {}) },
    ]),
    ...notModified,
  ]) as ZodOpenApiOperationObject['responses'];
}

function parameters(route: DocumentedRoute): ZodOpenApiOperationObject['requestParams'] {
  const names = Object.keys(route.params);
  const path = names.length
    ? z.object(Object.fromEntries(names.map((name) => [name, route.params[name] ?? z.string()])))
    : undefined;
  const header = route.doc?.headers ? z.object(route.doc.headers) : undefined;
  return {
    ...(path ? { path } : {}),
    ...(route.query instanceof z.ZodObject ? { query: route.query } : {}),
    ...(header ? { header } : {}),
  };
}

function whoMayCall(route: DocumentedRoute): string {
  if (route.access?.kind === 'public') return 'Public.';
  if (route.access?.kind === 'roles') return `Roles: ${route.access.roles.join(', ')}.`;
  return 'Nobody (no access rule).';
}

function operation(route: DocumentedRoute): ZodOpenApiOperationObject {
  if (!route.doc) throw new Error(`${route.key} has no @ApiRoute: declare its summary and response schema`);
  const isPublic = route.access?.kind === 'public';
  return {
    operationId: route.operationId,
    summary: route.doc.summary,
    description: whoMayCall(route),
    tags: [route.path.split('/')[1] || 'root'],
    security: isPublic ? [] : [{ [BEARER]: [] }],
    requestParams: parameters(route),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } }
      : {}),
    responses: { ...successResponses(route), default: problemResponse },
  };
}

/**
 * The OpenAPI 3.1 document of every route the app registered, generated from the zod schemas its pipes
 * validate with and the response schemas its `@ApiRoute`s declare: nothing is written twice.
 */
export function buildOpenApiDocument(modules: ModulesContainer, version: string): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of documentedRoutes(modules)) {
    const item = (paths[openApiPath(route.path)] ??= {});
    item[route.method.toLowerCase() as 'get'] = operation(route);
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Onething API',
        version,
        description:
          'Multi-department one-thing cases. Errors are RFC 9457 problem details. Lists are keyset-paged: ' +
          "`limit` (1..100, default 50) and `cursor` (the previous page's `nextCursor`); an answer is " +
          '`{ items, nextCursor, total? }`.',
      },
      components: {
        securitySchemes: {
          [BEARER]: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'An access token from POST /auth/login, or a department credential.',
          },
        },
      },
      paths,
    },
    { reused: 'ref' },
  );
}
