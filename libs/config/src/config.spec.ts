import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives safe defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.api.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.database.schema).toBe('public');
    expect(config.temporal.address).toBeUndefined();
    expect(config.temporal.taskQueue).toBe('onething-cases');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', API_PORT: '' }).api.port).toBe(3000);
  });

  it('names every wrong variable and what it expects', () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'localhost' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['API_PORT', 'DATABASE_URL', 'TEMPORAL_ADDRESS']);
    expect((error as ConfigError).message).toContain('TEMPORAL_ADDRESS: expected host:port');
  });

  it('accepts real servers', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/onething',
      TEMPORAL_ADDRESS: 'temporal:7233',
    });
    expect(config.database.url).toBe('postgres://u:p@db:5432/onething');
    expect(config.temporal.address).toBe('temporal:7233');
  });

  describe('identity and access', () => {
    it('has safe defaults: short-lived access tokens, throttled logins, no external provider', () => {
      const { auth } = loadConfig({});
      expect(auth).toMatchObject({
        issuer: 'onething',
        audience: 'onething-api',
        accessTokenTtlSeconds: 300,
        rateLimitPerMinute: 30,
        accountFreeFailures: 3,
      });
      expect(auth.signingKeys).toBeUndefined();
      expect(auth.oidc).toBeUndefined();
    });

    it('requires signing keys in production', () => {
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SIGNING_KEYS/);
      expect(
        loadConfig({ NODE_ENV: 'production', AUTH_SIGNING_KEYS: '/etc/onething/keys.json' }).auth.signingKeys,
      ).toBe('/etc/onething/keys.json');
    });

    it('configures an OIDC provider with its claim mapping, and only with both issuer and JWKS URL', () => {
      const { auth } = loadConfig({
        OIDC_ISSUER: 'https://login.gov.example',
        OIDC_JWKS_URL: 'https://login.gov.example/jwks',
        OIDC_ROLE_MAP: '{"gov-admin":"administrator"}',
      });
      expect(auth.oidc).toMatchObject({
        issuer: 'https://login.gov.example',
        rolesClaim: 'roles',
        roleMap: { 'gov-admin': 'administrator' },
      });
      expect(() => loadConfig({ OIDC_ISSUER: 'https://login.gov.example' })).toThrow(/OIDC_JWKS_URL/);
      expect(() =>
        loadConfig({ OIDC_ISSUER: 'x', OIDC_JWKS_URL: 'https://x/jwks', OIDC_ROLE_MAP: '[1]' }),
      ).toThrow(/OIDC_ROLE_MAP: expected a JSON object/);
      expect(() => loadConfig({ OIDC_ISSUER: 'onething', OIDC_JWKS_URL: 'https://x/jwks' })).toThrow(
        /different from AUTH_ISSUER/,
      );
    });
  });
});
