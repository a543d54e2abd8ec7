import { Body, Controller, Delete, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { Authenticator, loginSchema, Public, Sessions } from '@onething/auth';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { AuthError, AuthErrorCode } from '@onething/errors';
import { ZodValidationPipe } from '@onething/http';
import { addressOf } from '../auth/auth.controller';
import { meResponseSchema } from '../auth/auth.dto';
import type { MeView } from '../me/me.controller';
import { ApiRoute } from '../openapi/api-route.decorator';
import { clearSessionCookies, refreshTokenOf, setSessionCookies } from './session-cookies';

/**
 * The browser's sign-in: the same accounts and tokens as `/auth/login`, kept in HttpOnly cookies instead
 * of the answer's body (see session-cookies.ts). Public: the cookie middleware has already checked the
 * CSRF token of renewal and sign-out.
 */
@Controller('auth/session')
export class SessionController {
  constructor(
    private readonly sessions: Sessions,
    private readonly authenticator: Authenticator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiRoute({ summary: 'Sign in a browser: session cookies, and who signed in', response: meResponseSchema })
  @Public()
  @HttpCode(200)
  async signIn(
    @Body(new ZodValidationPipe(loginSchema)) body: z.infer<typeof loginSchema>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MeView> {
    const pair = await this.sessions.login(body.username, body.password, addressOf(request));
    setSessionCookies(request, response, pair, this.config.web.cookieSecure);
    return this.viewOf(pair.accessToken);
  }

  @Post('refresh')
  @ApiRoute({ summary: "Renew a browser's session cookies", response: meResponseSchema })
  @Public()
  @HttpCode(200)
  async renew(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<MeView> {
    const refreshToken = refreshTokenOf(request);
    if (!refreshToken)
      throw new AuthError(AuthErrorCode.CredentialRefused, 'No session to renew: sign in again');
    try {
      const pair = await this.sessions.refresh(refreshToken, addressOf(request));
      setSessionCookies(request, response, pair, this.config.web.cookieSecure);
      return await this.viewOf(pair.accessToken);
    } catch (error) {
      if (error instanceof AuthError) clearSessionCookies(request, response, this.config.web.cookieSecure);
      throw error;
    }
  }

  @Delete()
  @ApiRoute({ summary: 'Sign a browser out: revoke its session and clear the cookies', response: null })
  @Public()
  @HttpCode(204)
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const refreshToken = refreshTokenOf(request);
    if (refreshToken) await this.sessions.logout(refreshToken, addressOf(request));
    clearSessionCookies(request, response, this.config.web.cookieSecure);
  }

  private async viewOf(accessToken: string): Promise<MeView> {
    const { kind, id, username, roles, departments, via } = await this.authenticator.authenticate(
      `Bearer ${accessToken}`,
    );
    return { kind, id, username, roles, departments, via };
  }
}
