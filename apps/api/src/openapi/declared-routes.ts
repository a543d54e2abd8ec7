import { RequestMethod } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { z } from 'zod';
import { ACCESS_RULE, type AccessRule } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { API_ROUTE, type ApiRouteDoc } from './api-route.decorator';

/** One route as its controller declares it: what the OpenAPI document is generated from. */
export interface DocumentedRoute {
  /** `GET /cases/:id`, as Express spells it. */
  key: string;
  method: string;
  path: string;
  operationId: string;
  access?: AccessRule;
  doc?: ApiRouteDoc;
  httpCode?: number;
  body?: z.ZodType;
  query?: z.ZodType;
  params: Record<string, z.ZodType | undefined>;
}

type RouteArgs = Record<string, { index: number; data?: unknown; pipes?: unknown[] }>;
type Handler = (...args: unknown[]) => unknown;

function joinPath(...parts: (string | undefined)[]): string {
  const joined = parts
    .flatMap((part) => (part ?? '').split('/'))
    .filter((segment) => segment !== '')
    .join('/');
  return `/${joined}`;
}

function schemaOf(pipes: unknown[] | undefined): z.ZodType | undefined {
  const pipe = pipes?.find((p): p is ZodValidationPipe<z.ZodType> => p instanceof ZodValidationPipe);
  return pipe?.schema;
}

/** The zod schemas a handler's `ZodValidationPipe`s validate: body, query, each path parameter. */
function argumentSchemas(controller: object, name: string) {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller.constructor, name) ?? {}) as RouteArgs;
  const params: Record<string, z.ZodType | undefined> = {};
  let body: z.ZodType | undefined;
  let query: z.ZodType | undefined;
  for (const [key, arg] of Object.entries(args)) {
    const type = Number(key.split(':')[0]) as RouteParamtypes;
    if (type === RouteParamtypes.BODY) body = schemaOf(arg.pipes);
    if (type === RouteParamtypes.QUERY && arg.data === undefined) query = schemaOf(arg.pipes);
    if (type === RouteParamtypes.PARAM && typeof arg.data === 'string')
      params[arg.data] = schemaOf(arg.pipes);
  }
  return { body, query, params };
}

/** The routes one controller class declares (also what the request-bounds test walks). */
export function routesOfController(
  prototype: Record<string, unknown>,
  controller: new () => object,
): DocumentedRoute[] {
  const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
  const routes: DocumentedRoute[] = [];
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const handler = prototype[name] as Handler;
    if (name === 'constructor' || typeof handler !== 'function') continue;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
    if (method === undefined || own === undefined) continue;
    const schemas = argumentSchemas(prototype, name);
    const access = (Reflect.getMetadata(ACCESS_RULE, handler) ??
      Reflect.getMetadata(ACCESS_RULE, controller)) as AccessRule | undefined;
    const doc = Reflect.getMetadata(API_ROUTE, handler) as ApiRouteDoc | undefined;
    const httpCode = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
    for (const path of (Array.isArray(own) ? own : [own]).map((p) => joinPath(prefix, p))) {
      const verb = RequestMethod[method];
      const params = { ...schemas.params };
      for (const param of path.matchAll(/:(\w+)/g)) params[param[1]] ??= undefined;
      const operationId = `${controller.name.replace(/Controller$/, '')}_${name}`;
      routes.push({
        key: `${verb} ${path}`,
        method: verb,
        path,
        operationId,
        access,
        doc,
        httpCode,
        ...schemas,
        params,
      });
    }
  }
  return routes;
}

/** Every route of every controller the app registered, read from Nest's metadata. */
export function documentedRoutes(modules: ModulesContainer): DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new () => object) | null;
      if (!controller) continue;
      routes.push(...routesOfController(controller.prototype as Record<string, unknown>, controller));
    }
  }
  return routes;
}
