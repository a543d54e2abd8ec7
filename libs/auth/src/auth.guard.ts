import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError, ApiErrorCode } from '@onething/http';
import { ACCESS_RULE, type AccessRule, type AuthenticatedRequest } from './access.decorators';
import { Authenticator } from './authenticator';
import { mayCallRoute } from './policy';

/**
 * The one guard (APP_GUARD), deny by default: a route that declares neither `@Public()` nor `@Allow()`
 * refuses every caller, so forgetting the declaration can never open a route. The guard is the HTTP edge
 * itself (Nest's request pipeline), so it answers with API errors; the rules it asks are domain code.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule)
      throw new ApiError(ApiErrorCode.Forbidden, 'This route declares no access rule; nobody may call it');
    if (rule.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticator.authenticate(request.headers.authorization);
    request.principal = principal;
    if (!mayCallRoute(principal, rule, request.params as Record<string, string | undefined>))
      throw new ApiError(ApiErrorCode.Forbidden, 'Not allowed');
    return true;
  }
}
