import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { AccessTokens } from './access-tokens';
import { AccessGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { IdentityService } from './identity.service';
import { KeyStore } from './keys';
import { OidcVerifier } from './oidc';
import { Sessions } from './sessions';
import { PasswordChanges } from './password-changes';
import { Throttle } from './throttle';

/** The identity boundary: keys, tokens, sessions, the authenticator and the one global guard. */
@Global()
@Module({})
export class AuthModule {
  static forRoot(): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        {
          provide: KeyStore,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => KeyStore.load(config.auth, config.env),
        },
        {
          provide: AccessTokens,
          inject: [KeyStore, APP_CONFIG],
          useFactory: (keys: KeyStore, config: AppConfig) => new AccessTokens(keys, config.auth),
        },
        {
          provide: Throttle,
          inject: [DataSource, APP_CONFIG],
          useFactory: (dataSource: DataSource, { auth }: AppConfig) =>
            new Throttle(dataSource, {
              perMinute: auth.rateLimitPerMinute,
              accountFreeFailures: auth.accountFreeFailures,
              addressFreeFailures: auth.addressFreeFailures,
              baseDelayMs: auth.failureDelayMs,
              maxDelayMs: auth.maxFailureDelayMs,
            }),
        },
        {
          provide: Authenticator,
          inject: [DataSource, AccessTokens, APP_CONFIG],
          useFactory: (dataSource: DataSource, tokens: AccessTokens, { auth }: AppConfig) =>
            new Authenticator(
              dataSource,
              tokens,
              auth.issuer,
              auth.oidc ? new OidcVerifier(auth.oidc) : undefined,
            ),
        },
        {
          provide: Sessions,
          inject: [DataSource, AccessTokens, Throttle, APP_CONFIG],
          useFactory: (
            dataSource: DataSource,
            tokens: AccessTokens,
            throttle: Throttle,
            { auth }: AppConfig,
          ) => new Sessions(dataSource, tokens, throttle, auth),
        },
        {
          provide: IdentityService,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new IdentityService(ds),
        },
        {
          provide: PasswordChanges,
          inject: [DataSource, IdentityService, Throttle],
          useFactory: (dataSource: DataSource, identity: IdentityService, throttle: Throttle) =>
            new PasswordChanges(dataSource, identity, throttle),
        },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [KeyStore, AccessTokens, Authenticator, Sessions, IdentityService, PasswordChanges, Throttle],
    };
  }
}
