import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from './principal';
import type { CallerRole } from './roles';

export const ACCESS_RULE = 'onething:access-rule';

export type AccessRule =
  | { kind: 'public' }
  | {
      kind: 'roles';
      roles: readonly CallerRole[];
      /** The route parameter naming a department the caller must belong to (department routes). */
      departmentParam?: string;
    };

/** Anyone may call the route, signed in or not. */
export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

/**
 * Callers holding one of `roles` may call the route; with `departmentParam`, only for a department they
 * belong to (administrators excepted). A route with neither `@Public()` nor `@Allow()` refuses everyone.
 */
export const Allow = (roles: readonly CallerRole[], options: { departmentParam?: string } = {}) =>
  SetMetadata(ACCESS_RULE, { kind: 'roles', roles, ...options } satisfies AccessRule);

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** The caller the guard authenticated (only on routes with `@Allow`). */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('@Caller() used on a route without @Allow()');
  return principal;
});
