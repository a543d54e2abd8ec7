import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { JSONWebKeySet } from 'jose';
import { KeyStore, loginSchema, Public, refreshSchema, Sessions, type TokenPair } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import type { z } from 'zod';
import { jwksResponseSchema, tokenPairResponseSchema } from './auth.dto';
import { ApiRoute } from '../openapi/api-route.decorator';

const addressOf = (request: Request): string => request.ip ?? request.socket.remoteAddress ?? 'unknown';

/** Sign-in, token refresh, sign-out, and the public keys that verify our access tokens. */
@Controller()
export class AuthController {
  constructor(
    private readonly sessions: Sessions,
    private readonly keys: KeyStore,
  ) {}

  @Post('auth/login')
  @ApiRoute({ summary: 'Sign in: an access token and a refresh token', response: tokenPairResponseSchema })
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  login(
    @Body(new ZodValidationPipe(loginSchema)) body: z.infer<typeof loginSchema>,
    @Req() request: Request,
  ): Promise<TokenPair> {
    return this.sessions.login(body.username, body.password, addressOf(request));
  }

  @Post('auth/refresh')
  @ApiRoute({ summary: 'Exchange a refresh token for new tokens', response: tokenPairResponseSchema })
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  refresh(
    @Body(new ZodValidationPipe(refreshSchema)) body: z.infer<typeof refreshSchema>,
    @Req() request: Request,
  ): Promise<TokenPair> {
    return this.sessions.refresh(body.refreshToken, addressOf(request));
  }

  /** Public: an expired access token must not keep anyone from ending their session. */
  @Post('auth/logout')
  @ApiRoute({ summary: 'Sign out: revoke the refresh token', response: null })
  @Public()
  @HttpCode(204)
  logout(
    @Body(new ZodValidationPipe(refreshSchema)) body: z.infer<typeof refreshSchema>,
    @Req() request: Request,
  ): Promise<void> {
    return this.sessions.logout(body.refreshToken, addressOf(request));
  }

  @Get('.well-known/jwks.json')
  @ApiRoute({ summary: 'The public keys that verify access tokens', response: jwksResponseSchema })
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): JSONWebKeySet {
    return this.keys.publicJwks;
  }
}

export { addressOf };
