import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { AuthConfig } from '@onething/config';
import { isRole, type Role } from './roles';

type OidcConfig = NonNullable<AuthConfig['oidc']>;

export interface ExternalIdentity {
  issuer: string;
  subject: string;
  username: string;
  roles: Role[];
  departments: string[];
}

const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/** Access tokens of the external OpenID Connect provider, verified against its published JWKS. */
export class OidcVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: OidcConfig) {
    this.jwks = createRemoteJWKSet(new URL(config.jwksUrl), {
      timeoutDuration: 5_000,
      cooldownDuration: 30_000,
    });
  }

  get issuer(): string {
    return this.config.issuer;
  }

  async verify(token: string): Promise<ExternalIdentity> {
    const { payload } = await jwtVerify(token, this.jwks, {
      issuer: this.config.issuer,
      ...(this.config.audience ? { audience: this.config.audience } : {}),
      algorithms: ACCEPTED_ALGORITHMS,
      requiredClaims: ['sub', 'exp'],
      clockTolerance: 5,
    });
    return mapClaims(payload, this.config);
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Reads a claim by name or by dotted path (`realm_access.roles`). */
function claim(payload: JWTPayload, name: string): unknown {
  if (name in payload) return payload[name];
  return name
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], payload);
}

/** The provider's roles and departments, translated by configuration; unknown roles are dropped. */
export function mapClaims(payload: JWTPayload, config: OidcConfig): ExternalIdentity {
  const roles = strings(claim(payload, config.rolesClaim))
    .map((external) => config.roleMap?.[external] ?? external)
    .filter(isRole);
  const departments = strings(claim(payload, config.departmentsClaim)).map(
    (external) => config.departmentMap?.[external] ?? external,
  );
  const username = claim(payload, config.usernameClaim);
  return {
    issuer: payload.iss!,
    subject: payload.sub!,
    username: typeof username === 'string' && username ? username : payload.sub!,
    roles: [...new Set(roles)],
    departments: [...new Set(departments)],
  };
}
