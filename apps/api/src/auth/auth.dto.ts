import { z } from 'zod';

// ---- responses (OpenAPI) ----

export const tokenPairResponseSchema = z
  .object({
    tokenType: z.literal('Bearer'),
    accessToken: z.string(),
    expiresIn: z.number().int(),
    refreshToken: z.string(),
    refreshExpiresIn: z.number().int(),
  })
  .meta({ id: 'TokenPair' });

export const jwksResponseSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string() })) });

export const meResponseSchema = z.object({
  kind: z.enum(['account', 'department_system']),
  id: z.string(),
  username: z.string(),
  roles: z.array(z.string()),
  departments: z.array(z.string()),
  via: z.enum(['password', 'oidc', 'api_credential']),
});
