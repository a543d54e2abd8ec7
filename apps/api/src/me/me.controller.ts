import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { z } from 'zod';
import {
  Allow,
  Caller,
  CALLER_ROLES,
  PasswordChanges,
  passwordChangeSchema,
  ROLES,
  type Principal,
} from '@onething/auth';
import { ApiError, ApiErrorCode, ZodValidationPipe } from '@onething/http';
import { addressOf } from '../auth/auth.controller';
import { meResponseSchema } from '../auth/auth.dto';
import { ApiRoute } from '../openapi/api-route.decorator';

export interface MeView {
  kind: Principal['kind'];
  id: string;
  username: string;
  roles: readonly string[];
  departments: readonly string[];
  via: Principal['via'];
}

/** The caller's own identity: people and department systems alike. */
@Controller('me')
export class MeController {
  constructor(private readonly passwords: PasswordChanges) {}

  @Get()
  @ApiRoute({ summary: 'Who the caller is', response: meResponseSchema })
  @Allow(CALLER_ROLES)
  me(@Caller() caller: Principal): MeView {
    const { kind, id, username, roles, departments, via } = caller;
    return { kind, id, username, roles, departments, via };
  }

  @Post('password')
  @ApiRoute({ summary: 'Change your own password', response: null })
  @Allow(ROLES)
  @HttpCode(204)
  async changePassword(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(passwordChangeSchema)) body: z.infer<typeof passwordChangeSchema>,
    @Req() request: Request,
  ): Promise<void> {
    if (caller.via !== 'password' || caller.accountId === null)
      throw new ApiError(ApiErrorCode.Forbidden, 'This account signs in with an external provider');
    await this.passwords.changeOwn(caller.accountId, body.currentPassword, body.newPassword, {
      accountId: caller.accountId,
      address: addressOf(request),
    });
  }
}
