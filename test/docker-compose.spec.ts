import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configVariableNames, loadConfig, WORKER_PROCESS_ENV } from '@onething/config';

/**
 * Docker does not run on the project's build machines, so the compose file is checked by reading it:
 * it must stay a faithful description of the topology for users who do run Docker.
 */
const root = join(__dirname, '..');
interface Service {
  image?: string;
  restart?: string;
  healthcheck?: { test: string[] | string };
  entrypoint?: string[];
  build?: { context: string; dockerfile?: string } | string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, unknown> | string[];
}
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const ours = ['api', 'worker'];

describe('docker-compose.yml', () => {
  it('describes PostgreSQL, the Temporal schema job, Temporal, the Web UI, the API, the worker, the key generator and the simulated departments', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'departments-sim',
      'keys',
      'postgresql',
      'temporal',
      'temporal-schema',
      'temporal-ui',
      'worker',
    ]);
  });

  it('gives every service an image or a build whose Dockerfile exists', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, hasSource: Boolean(service.image) !== Boolean(service.build) }).toEqual({
        name,
        hasSource: true,
      });
      if (service.image) expect(service.image).toMatch(/^[a-z0-9./-]+:[A-Za-z0-9._-]+$/);
      if (service.build) {
        const build = typeof service.build === 'string' ? { context: service.build } : service.build;
        expect(existsSync(join(root, build.context, build.dockerfile ?? 'Dockerfile'))).toBe(true);
      }
    }
  });

  it('runs entry points that exist in the repository', () => {
    for (const name of [...ours, 'departments-sim']) {
      const entry = compose.services[name].command!.at(-1)!;
      expect(existsSync(join(root, entry))).toBe(true);
    }
  });

  it('passes our services only variables the config reads, with values it accepts', () => {
    for (const name of ours) {
      const environment = compose.services[name].environment ?? {};
      // Besides the config's variables, only the worker's process-level ones (read by the C library).
      const known = [...configVariableNames, ...(name === 'worker' ? Object.keys(WORKER_PROCESS_ENV) : [])];
      const unknown = Object.keys(environment).filter((v) => !known.includes(v));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      const config = loadConfig(environment);
      expect(config.database.url).toContain('@postgresql:5432/');
      expect(config.temporal.address).toBe('temporal:7233');
    }
  });

  it('depends only on services that exist, and publishes no host port twice', () => {
    const hostPorts: string[] = [];
    for (const service of Object.values(compose.services)) {
      const deps = Array.isArray(service.depends_on)
        ? service.depends_on
        : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(Object.keys(compose.services)).toContain(dep);
      for (const mapping of service.ports ?? []) hostPorts.push(mapping.split(':')[0]);
    }
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('lets the API listen beyond the container and publishes the port it listens on', () => {
    const api = compose.services.api;
    const config = loadConfig(api.environment ?? {});
    expect(config.api.host).toBe('0.0.0.0');
    expect(api.ports).toContain(`${config.api.port}:${config.api.port}`);
  });

  it('runs the simulated departments where the API and the worker reach them', () => {
    const sim = compose.services['departments-sim'];
    const environment = sim.environment ?? {};
    const unknown = Object.keys(environment).filter((v) => !(configVariableNames as string[]).includes(v));
    expect(unknown).toEqual([]);
    const { departmentsSim } = loadConfig(environment);
    expect(departmentsSim.host).toBe('0.0.0.0');
    expect(sim.ports).toContain(`${departmentsSim.port}:${departmentsSim.port}`);
    for (const name of ours) {
      const { connectors } = loadConfig({ ...compose.services[name].environment, NODE_ENV: 'test' });
      expect({ name, baseUrl: connectors.baseUrl }).toEqual({
        name,
        baseUrl: `http://departments-sim:${departmentsSim.port}`,
      });
      expect(Object.keys(compose.services[name].depends_on ?? {})).toContain('departments-sim');
    }
  });
});

describe('docker-compose.yml keys', () => {
  it('gives the API its signing keys and the API and worker the payload keys, from the volume the keys service fills', () => {
    const keys = compose.services.keys;
    expect(keys.command).toEqual(expect.arrayContaining(['keys', 'generate', '--dir', '/keys']));
    for (const name of ['api', 'worker']) {
      const service = compose.services[name] as Service & { volumes?: string[] };
      expect(service.volumes).toContain('onething-keys:/keys:ro');
      expect(service.environment?.PAYLOAD_ENCRYPTION_KEYS).toBe('/keys/payload-keys.json');
      expect((service.depends_on as Record<string, { condition: string }>).keys).toEqual({
        condition: 'service_completed_successfully',
      });
    }
    expect(compose.services.api.environment?.AUTH_SIGNING_KEYS).toBe('/keys/signing-keys.json');
    expect(Object.keys(compose.volumes ?? {})).toContain('onething-keys');
  });
});

describe('docker-compose.yml in the production shape', () => {
  const jobs = ['keys', 'temporal-schema'];
  const dependencyConditions = Object.values(compose.services).flatMap((service) =>
    Object.entries((service.depends_on ?? {}) as Record<string, { condition: string }>),
  );

  it('restarts every long-running service and checks its health; the one-shot jobs run once, to completion', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (jobs.includes(name)) {
        expect({ name, restart: service.restart }).toEqual({ name, restart: 'no' });
        const waits = dependencyConditions.filter(([dep]) => dep === name).map(([, d]) => d.condition);
        expect(waits.length).toBeGreaterThan(0);
        expect(new Set(waits)).toEqual(new Set(['service_completed_successfully']));
      } else {
        expect({ name, restart: service.restart, healthcheck: Boolean(service.healthcheck) }).toEqual({
          name,
          restart: 'unless-stopped',
          healthcheck: true,
        });
      }
    }
  });

  it('runs temporalio/server (not auto-setup) after temporal-sql-tool of the same version set up its schemas', () => {
    const { temporal, 'temporal-schema': schema } = compose.services;
    const [serverImage, version] = temporal.image!.split(':');
    expect(serverImage).toBe('temporalio/server');
    expect(schema.image).toBe(`temporalio/admin-tools:${version}`);
    const script = schema.command!.join('\n');
    for (const step of ['create-database', 'setup-schema -v 0.0', 'update-schema -d'])
      expect(script).toContain(`temporal-sql-tool --db "$$db" ${step}`);
    expect(script).toContain('for pair in temporal:temporal temporal_visibility:visibility');
    expect(schema.environment).toMatchObject({ SQL_PLUGIN: 'postgres12', SQL_HOST: 'postgresql' });
    expect(temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(temporal.depends_on).toEqual({
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
    expect(JSON.stringify(compose)).not.toContain('auto-setup');
  });

  it("points the Web UI's codec endpoint at the API, which allows the UI's origin", () => {
    const ui = compose.services['temporal-ui'];
    const api = loadConfig(compose.services.api.environment ?? {});
    const uiHostPort = ui.ports![0].split(':')[0];
    expect(ui.environment?.TEMPORAL_CODEC_ENDPOINT).toBe(`http://localhost:${api.api.port}/codec`);
    expect(ui.environment?.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('true');
    expect(api.observability.corsAllowedOrigins).toEqual([`http://localhost:${uiHostPort}`]);
  });

  it('checks the API and the worker by their readiness routes, on the ports they serve them', () => {
    const api = compose.services.api;
    const worker = compose.services.worker;
    const apiPort = loadConfig(api.environment ?? {}).api.port;
    const workerHttp = loadConfig(worker.environment ?? {}).observability.worker;
    expect(workerHttp.host).toBe('0.0.0.0');
    expect(String(api.healthcheck!.test)).toContain(`http://127.0.0.1:${apiPort}/health/ready`);
    expect(String(worker.healthcheck!.test)).toContain(`http://127.0.0.1:${workerHttp.port}/health/ready`);
    // Prometheus scrapes both with the same token.
    expect(api.environment?.METRICS_TOKEN).toBeDefined();
    expect(worker.environment?.METRICS_TOKEN).toBe(api.environment?.METRICS_TOKEN);
  });
});
