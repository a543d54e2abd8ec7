import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { z } from 'zod';
import { ACCESS_RULE, type AccessRule } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';

/**
 * The app's routes as Nest declared them: method, Express path pattern, access rule and the zod schemas
 * its pipes validate (body, each path parameter). Read from the controllers' metadata, so a new route
 * appears here — in the authorization matrix and the fuzz suite — without anyone listing it.
 */
export interface DeclaredRoute {
  /** `POST /cases/:id/withdraw`, as Express spells it (and the authorization matrix keys it). */
  key: string;
  method: string;
  path: string;
  access?: AccessRule;
  body?: z.ZodType;
  params: Record<string, z.ZodType | undefined>;
}

export const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

type RouteArgs = Record<string, { index: number; data?: unknown; pipes?: unknown[] }>;

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

export function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (method === undefined || own === undefined) continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as RouteArgs;
        const params: Record<string, z.ZodType | undefined> = {};
        let body: z.ZodType | undefined;
        for (const [key, arg] of Object.entries(args)) {
          const type = Number(key.split(':')[0]) as RouteParamtypes;
          if (type === RouteParamtypes.BODY) body = schemaOf(arg.pipes);
          if (type === RouteParamtypes.PARAM && typeof arg.data === 'string')
            params[arg.data] = schemaOf(arg.pipes);
        }
        const access = (Reflect.getMetadata(ACCESS_RULE, handler) ??
          Reflect.getMetadata(ACCESS_RULE, controller)) as AccessRule | undefined;
        for (const path of (Array.isArray(own) ? own : [own]).map((p) => joinPath(prefix, p))) {
          const verb = RequestMethod[method];
          for (const param of path.matchAll(/:(\w+)/g)) params[param[1]] ??= undefined;
          routes.push({ key: `${verb} ${path}`, method: verb, path, access, body, params });
        }
      }
    }
  }
  return routes;
}

/** `GET /cases/:id`, as the running Express app spells its routes (what a request actually meets). */
export function expressRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${layer.route!.path}`)
      : [],
  );
}
