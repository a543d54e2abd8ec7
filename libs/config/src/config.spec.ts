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

  it('links to the Temporal Web UI only when its address is given (without a trailing slash)', () => {
    expect(loadConfig({}).temporal.webUiUrl).toBeUndefined();
    expect(loadConfig({ TEMPORAL_WEB_UI_URL: 'http://temporal-ui:8080/' }).temporal.webUiUrl).toBe(
      'http://temporal-ui:8080',
    );
    expect(() => loadConfig({ TEMPORAL_WEB_UI_URL: 'temporal-ui:8080' })).toThrow(/TEMPORAL_WEB_UI_URL/);
  });

  describe('time limits on the database and on workflow Updates', () => {
    it('bounds every wait by default, so an unresponsive server answers instead of hanging', () => {
      const config = loadConfig({});
      expect(config.database).toMatchObject({
        connectTimeoutMs: 5_000,
        statementTimeoutMs: 15_000,
        idleInTransactionTimeoutMs: 60_000,
      });
      expect(config.temporal.updateTimeoutMs).toBe(10_000);
    });

    it('reads them from the environment; 0 turns the statement limit off but never the connect limit', () => {
      const config = loadConfig({
        DATABASE_CONNECT_TIMEOUT_MS: '1500',
        DATABASE_STATEMENT_TIMEOUT_MS: '0',
        DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '30000',
        WORKFLOW_UPDATE_TIMEOUT_MS: '3000',
      });
      expect(config.database).toMatchObject({
        connectTimeoutMs: 1500,
        statementTimeoutMs: 0,
        idleInTransactionTimeoutMs: 30_000,
      });
      expect(config.temporal.updateTimeoutMs).toBe(3000);
      expect(() => loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '0' })).toThrow('DATABASE_CONNECT_TIMEOUT_MS');
      expect(() => loadConfig({ WORKFLOW_UPDATE_TIMEOUT_MS: 'soon' })).toThrow('WORKFLOW_UPDATE_TIMEOUT_MS');
    });
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

    it('reads signing keys inline or as a file path (the API requires them in production)', () => {
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

  describe('signed results', () => {
    it('defaults to the Debian Noto CJK font, the API address for verification links, 60 verifications a minute', () => {
      const { results } = loadConfig({});
      expect(results).toEqual({
        signingKeys: undefined,
        pdfFont: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
        pdfFontName: 'NotoSansCJKsc-Regular',
        publicBaseUrl: 'http://127.0.0.1:3000',
        verifyRateLimitPerMinute: 60,
      });
    });

    it('reads keys, font, public address (without its trailing slash) and the rate limit', () => {
      const { results } = loadConfig({
        RESULT_SIGNING_KEYS: '/etc/onething/result-keys.json',
        RESULT_PDF_FONT: '/fonts/wqy.ttf',
        PUBLIC_BASE_URL: 'https://onething.example.gov.cn/api/',
        RESULT_VERIFY_RATE_LIMIT_PER_MINUTE: '5',
      });
      expect(results.signingKeys).toBe('/etc/onething/result-keys.json');
      expect(results.pdfFont).toBe('/fonts/wqy.ttf');
      expect(results.publicBaseUrl).toBe('https://onething.example.gov.cn/api');
      expect(results.verifyRateLimitPerMinute).toBe(5);
    });

    it('serves the built web app from apps/web/dist unless told otherwise; session cookies follow the scheme', () => {
      const defaults = loadConfig({});
      expect(defaults.web.distDir).toMatch(/apps[/\\]web[/\\]dist$/);
      expect(defaults.web.cookieSecure).toBe('auto');
      expect(loadConfig({ PUBLIC_BASE_URL: 'https://onething.example.gov.cn' }).web.cookieSecure).toBe(
        'always',
      );
      expect(loadConfig({ SESSION_COOKIE_SECURE: 'true' }).web.cookieSecure).toBe('always');
      expect(loadConfig({ SESSION_COOKIE_SECURE: 'false', WEB_DIST_DIR: '/srv/web' }).web).toEqual({
        distDir: '/srv/web',
        cookieSecure: 'never',
      });
      expect(() => loadConfig({ SESSION_COOKIE_SECURE: 'yes' })).toThrow(/SESSION_COOKIE_SECURE/);
    });

    it('refuses a public address that is not an http(s) URL, and a rate limit of 0', () => {
      expect(() => loadConfig({ PUBLIC_BASE_URL: 'onething.example' })).toThrow(/PUBLIC_BASE_URL/);
      expect(() => loadConfig({ RESULT_VERIFY_RATE_LIMIT_PER_MINUTE: '0' })).toThrow(
        /RESULT_VERIFY_RATE_LIMIT_PER_MINUTE/,
      );
    });
  });

  describe('connectors and simulated departments', () => {
    it('reaches every department through the simulated systems by default', () => {
      const config = loadConfig({});
      expect(config.connectors).toEqual({
        baseUrl: 'http://127.0.0.1:3100',
        token: undefined,
        timeoutMs: 10_000,
        endpoints: {},
      });
      expect(config.departmentsSim).toEqual({ host: '127.0.0.1', port: 3100, simulations: undefined });
    });

    it('passes the simulated departments their configuration (inline JSON or a file path)', () => {
      const setting = '{"talent-certification":{"outputs":{"certificateNumber":"TC-{{$reference}}"}}}';
      expect(loadConfig({ DEPARTMENTS_SIM_CONFIG: setting }).departmentsSim.simulations).toBe(setting);
      expect(loadConfig({ DEPARTMENTS_SIM_CONFIG: ' ./sim.json ' }).departmentsSim.simulations).toBe(
        './sim.json',
      );
    });

    it('takes a base URL without its trailing slash, a timeout and per-connector endpoints', () => {
      const { connectors } = loadConfig({
        CONNECTOR_BASE_URL: 'http://departments-sim:3100/',
        CONNECTOR_TIMEOUT_MS: '2500',
        CONNECTOR_ENDPOINTS: JSON.stringify({
          credit: { url: 'https://credit.example/api', auth: { type: 'bearer', token: 't' } },
          'tax-registry': {
            url: 'https://tax.example',
            auth: { type: 'api-key', header: 'X-Api-Key', key: 'k' },
            timeoutMs: 500,
            fieldNames: { residentId: 'idNo' },
          },
        }),
      });
      expect(connectors.baseUrl).toBe('http://departments-sim:3100');
      expect(connectors.timeoutMs).toBe(2500);
      expect(connectors.endpoints.credit).toEqual({
        url: 'https://credit.example/api',
        auth: { type: 'bearer', token: 't' },
      });
      expect(connectors.endpoints['tax-registry']?.auth).toEqual({
        type: 'api-key',
        header: 'X-Api-Key',
        key: 'k',
      });
    });

    it('refuses a malformed connector setting and names it', () => {
      expect(() => loadConfig({ CONNECTOR_BASE_URL: 'ftp://x' })).toThrow(
        /CONNECTOR_BASE_URL: expected an http/,
      );
      expect(() => loadConfig({ CONNECTOR_TIMEOUT_MS: '0' })).toThrow(/CONNECTOR_TIMEOUT_MS/);
      expect(() => loadConfig({ CONNECTOR_ENDPOINTS: '{"credit":{"url":"nope"}}' })).toThrow(
        /CONNECTOR_ENDPOINTS: expected a JSON object of connector code.*credit\.url/,
      );
      expect(() =>
        loadConfig({ CONNECTOR_ENDPOINTS: '{"credit":{"url":"http://x","auth":{"type":"basic"}}}' }),
      ).toThrow(/CONNECTOR_ENDPOINTS/);
      expect(() => loadConfig({ CONNECTOR_ENDPOINTS: 'not json' })).toThrow(/CONNECTOR_ENDPOINTS/);
      expect(() => loadConfig({ DEPARTMENTS_SIM_PORT: '70000' })).toThrow(/DEPARTMENTS_SIM_PORT/);
    });
  });
  describe('uploads', () => {
    it('keeps files under DATA_DIR with bounded sizes, a week to be referenced, and no scanner by default', () => {
      const { uploads } = loadConfig({ DATA_DIR: '/srv/onething' });
      expect(uploads).toEqual({
        maxBytes: 20 * 1024 * 1024,
        acceptedTypes: ['application/pdf', 'image/png', 'image/jpeg'],
        maxPendingPerAccount: 50,
        ttlSeconds: 7 * 86_400,
        sweepIntervalMs: 600_000,
        storage: { kind: 'filesystem', directory: '/srv/onething/uploads/blobs' },
        incomingDirectory: '/srv/onething/uploads/incoming',
        clamd: undefined,
      });
    });

    it('reads an S3-compatible bucket, accepted types and a clamd address', () => {
      const { uploads } = loadConfig({
        UPLOAD_STORAGE: 's3',
        UPLOAD_S3_BUCKET: 'materials',
        UPLOAD_S3_ENDPOINT: 'http://127.0.0.1:9000',
        UPLOAD_S3_FORCE_PATH_STYLE: 'false',
        UPLOAD_ACCEPTED_TYPES: 'application/pdf, image/png',
        CLAMD_ADDRESS: 'clamav:3310',
      });
      expect(uploads.storage).toMatchObject({
        kind: 's3',
        bucket: 'materials',
        endpoint: 'http://127.0.0.1:9000',
        forcePathStyle: false,
      });
      expect(uploads.acceptedTypes).toEqual(['application/pdf', 'image/png']);
      expect(uploads.clamd).toEqual({ host: 'clamav', port: 3310, timeoutMs: 30_000 });
    });

    it('refuses S3 storage without a bucket, a size above 100 MiB and a malformed content type', () => {
      expect(() => loadConfig({ UPLOAD_STORAGE: 's3' })).toThrow(/UPLOAD_S3_BUCKET/);
      expect(() => loadConfig({ UPLOAD_MAX_BYTES: String(200 * 1024 * 1024) })).toThrow(/UPLOAD_MAX_BYTES/);
      expect(() => loadConfig({ UPLOAD_ACCEPTED_TYPES: 'pdf' })).toThrow(/UPLOAD_ACCEPTED_TYPES/);
    });
  });
});
