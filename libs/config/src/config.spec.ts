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

  describe('case admission', () => {
    it('refuses new cases past 5,000 waiting tasks unless told otherwise; 0 turns it off', () => {
      expect(loadConfig({}).temporal.admissionMaxBacklog).toBe(5_000);
      expect(loadConfig({ CASE_ADMISSION_MAX_BACKLOG: '0' }).temporal.admissionMaxBacklog).toBe(0);
      expect(loadConfig({ CASE_ADMISSION_MAX_BACKLOG: '250' }).temporal.admissionMaxBacklog).toBe(250);
      for (const wrong of ['-1', '1.5', 'many'])
        expect(() => loadConfig({ CASE_ADMISSION_MAX_BACKLOG: wrong })).toThrow(/CASE_ADMISSION_MAX_BACKLOG/);
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

  describe('event delivery (webhooks and the broker)', () => {
    it('delivers every second, 15 attempts from 2 s doubling to an hour, no broker, http outside production', () => {
      const { events } = loadConfig({ API_PORT: '3001' });
      expect(events).toEqual({
        dispatchIntervalMs: 1_000,
        source: 'http://127.0.0.1:3001',
        webhooks: {
          maxAttempts: 15,
          backoffBaseMs: 2_000,
          backoffMaxMs: 3_600_000,
          timeoutMs: 10_000,
          secretGraceMs: 86_400_000,
          allowHttp: true,
        },
        nats: undefined,
      });
      expect(loadConfig({ NODE_ENV: 'production' }).events.webhooks.allowHttp).toBe(false);
    });

    it('reads the dispatcher, retry and broker settings from the environment', () => {
      const { events } = loadConfig({
        EVENT_DISPATCH_INTERVAL_MS: '250',
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_BACKOFF_BASE_MS: '100',
        WEBHOOK_BACKOFF_MAX_MS: '800',
        WEBHOOK_TIMEOUT_MS: '2000',
        WEBHOOK_SECRET_GRACE_SECONDS: '0',
        WEBHOOK_ALLOW_HTTP: 'false',
        PUBLIC_BASE_URL: 'https://onething.example.gov.cn/',
        EVENTS_NATS_URL: 'nats://127.0.0.1:4222',
        EVENTS_NATS_SUBJECT_PREFIX: 'gov.onething',
      });
      expect(events).toEqual({
        dispatchIntervalMs: 250,
        source: 'https://onething.example.gov.cn',
        webhooks: {
          maxAttempts: 3,
          backoffBaseMs: 100,
          backoffMaxMs: 800,
          timeoutMs: 2_000,
          secretGraceMs: 0,
          allowHttp: false,
        },
        nats: {
          url: 'nats://127.0.0.1:4222',
          token: undefined,
          stream: 'ONETHING_EVENTS',
          subjectPrefix: 'gov.onething',
        },
      });
    });

    it('refuses zero attempts, a backoff maximum below its base, a non-NATS URL and a bad subject', () => {
      expect(() => loadConfig({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOK_MAX_ATTEMPTS/);
      expect(() => loadConfig({ WEBHOOK_BACKOFF_BASE_MS: '5000', WEBHOOK_BACKOFF_MAX_MS: '1000' })).toThrow(
        /WEBHOOK_BACKOFF_MAX_MS: expected at least WEBHOOK_BACKOFF_BASE_MS/,
      );
      expect(() => loadConfig({ EVENTS_NATS_URL: 'http://127.0.0.1:4222' })).toThrow(/EVENTS_NATS_URL/);
      expect(() => loadConfig({ EVENTS_NATS_SUBJECT_PREFIX: 'events.>' })).toThrow(
        /EVENTS_NATS_SUBJECT_PREFIX/,
      );
      expect(() => loadConfig({ EVENT_DISPATCH_INTERVAL_MS: '-1' })).toThrow(/EVENT_DISPATCH_INTERVAL_MS/);
    });
  });

  describe('operations: metrics, traces, the Web UI', () => {
    it('serves metrics to loopback only, the worker on 127.0.0.1:3001, no traces, CORS for the local Web UI', () => {
      const { observability, temporal } = loadConfig({});
      expect(observability).toEqual({
        metricsToken: undefined,
        worker: { host: '127.0.0.1', port: 3001, sdkMetricsPort: 3011 },
        otlpEndpoint: undefined,
        serviceName: undefined,
        corsAllowedOrigins: ['http://localhost:8233', 'http://127.0.0.1:8233'],
      });
      expect(temporal.devServer.uiPort).toBe(8233);
    });

    it('reads a metrics token, an OTLP endpoint, the worker port and the allowed origins', () => {
      const { observability } = loadConfig({
        METRICS_TOKEN: 'a-long-scrape-token-1234',
        WORKER_HTTP_HOST: '0.0.0.0',
        WORKER_HTTP_PORT: '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        CORS_ALLOWED_ORIGINS: 'https://temporal.example.org/, http://localhost:8080',
      });
      expect(observability).toMatchObject({
        metricsToken: 'a-long-scrape-token-1234',
        worker: { host: '0.0.0.0', port: 0 },
        otlpEndpoint: 'http://collector:4318',
        corsAllowedOrigins: ['https://temporal.example.org', 'http://localhost:8080'],
      });
    });

    it('allows no origin when the Web UI is off, and refuses a short token, a path in an origin', () => {
      expect(loadConfig({ TEMPORAL_DEV_UI_PORT: '0' }).observability.corsAllowedOrigins).toEqual([]);
      expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
      expect(() => loadConfig({ CORS_ALLOWED_ORIGINS: 'https://ui.example/path' })).toThrow(
        /CORS_ALLOWED_ORIGINS/,
      );
      expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
        /OTEL_EXPORTER_OTLP_ENDPOINT/,
      );
    });
  });

  describe('the local cluster (npm run cluster)', () => {
    it('runs 4 history shards on ports from 7800 unless told otherwise', () => {
      expect(loadConfig({}).temporal.cluster).toEqual({ historyShards: 4, portBase: 7800 });
      expect(
        loadConfig({ TEMPORAL_HISTORY_SHARDS: '16', CLUSTER_PORT_BASE: '17800' }).temporal.cluster,
      ).toEqual({ historyShards: 16, portBase: 17800 });
    });

    it('bounds the case worker by its cache and, when set, its concurrency', () => {
      expect(loadConfig({}).temporal.worker).toEqual({ maxCachedWorkflows: 100 });
      expect(
        loadConfig({
          WORKER_MAX_CACHED_WORKFLOWS: '50',
          WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8',
          WORKER_MAX_CONCURRENT_ACTIVITIES: '40',
        }).temporal.worker,
      ).toEqual({ maxCachedWorkflows: 50, maxConcurrentWorkflowTasks: 8, maxConcurrentActivities: 40 });
      // The SDK needs two workflow task slots (one for the sticky queue, one for the normal queue).
      expect(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(
        /WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/,
      );
      expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '-1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    });

    it('refuses a shard count below one and a port block past the last port', () => {
      expect(() => loadConfig({ TEMPORAL_HISTORY_SHARDS: '0' })).toThrow(/TEMPORAL_HISTORY_SHARDS/);
      expect(() => loadConfig({ CLUSTER_PORT_BASE: '65500' })).toThrow(/CLUSTER_PORT_BASE/);
    });
  });
});
