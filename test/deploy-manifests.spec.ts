import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { configVariableNames, loadConfig, WORKER_PROCESS_ENV } from '@onething/config';

/**
 * The Kubernetes manifests in deploy/k8s, validated against the Kubernetes API's JSON schemas by
 * kubeconform (strict: an unknown field is an error), and held to what the compose file promises:
 * the same services, probes on every long-running container, the API and the worker replicated.
 * tools/ensure-kubeconform.sh (run by .ci/run) builds the validator and fetches the schemas.
 */
const root = join(__dirname, '..');
const dir = join(root, 'deploy', 'k8s');
const cacheDir = loadConfig(process.env).system.cacheDir;
const kubeconform = join(cacheDir, 'bin', 'kubeconform-v0.7.0');
const schemas = join(cacheDir, 'kubernetes-json-schema', 'v1.33.0-local-strict');

interface Resource {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: any;
  data?: Record<string, string>;
}
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const resources: Resource[] = files
  .filter((f) => f !== 'kustomization.yaml')
  .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJSON() as Resource));
const workloads = resources.filter((r) => ['Deployment', 'StatefulSet'].includes(r.kind));
const workload = (name: string) => workloads.find((w) => w.metadata.name === name)!;

function validate(paths: string[]): { valid: number; invalid: number; errors: number; output: string } {
  if (!existsSync(kubeconform) || !existsSync(join(schemas, '.complete')))
    throw new Error('kubeconform or its schemas are missing: run `bash tools/ensure-kubeconform.sh`');
  const result = spawnSync(
    kubeconform,
    [
      '-strict',
      '-summary',
      '-output',
      'json',
      '-skip',
      'Kustomization',
      '-schema-location',
      join(schemas, '{{ .ResourceKind }}{{ .KindSuffix }}.json'),
      ...paths,
    ],
    { encoding: 'utf8' },
  );
  const report = JSON.parse(result.stdout) as { summary: { valid: number; invalid: number; errors: number } };
  return { ...report.summary, output: result.stdout };
}

describe('deploy/k8s', () => {
  it('passes kubeconform against the Kubernetes 1.33 schemas, strictly', () => {
    const { valid, invalid, errors, output } = validate([dir]);
    expect({ invalid, errors, output: invalid + errors > 0 ? output : '' }).toEqual({
      invalid: 0,
      errors: 0,
      output: '',
    });
    expect(valid).toBe(resources.length);
  });

  it('is really checked: a misspelt field and a wrong type fail', () => {
    const broken = readFileSync(join(dir, 'api.yaml'), 'utf8')
      .replace('replicas: 2', 'replicas: two')
      .replace('readinessProbe:', 'readynessProbe:');
    const file = join(mkdtempSync(join(tmpdir(), 'k8s-')), 'api.yaml');
    writeFileSync(file, broken);
    expect(validate([file]).invalid).toBe(1);
  });

  it('lists every manifest in its kustomization, all in one namespace', () => {
    const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
    };
    expect([...kustomization.resources].sort()).toEqual(
      files.filter((f) => f !== 'kustomization.yaml').sort(),
    );
    for (const r of resources.filter((r) => r.kind !== 'Namespace'))
      expect(r.metadata.namespace).toBe('onething');
  });

  it('runs the topology of docker-compose.yml, with the API and the worker replicated', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, unknown>;
    };
    const jobs = resources.filter((r) => r.kind === 'Job').map((r) => r.metadata.name);
    expect(jobs).toEqual(['temporal-schema-1-29-1']);
    // The compose file's key generator is a Secret here (created from `onething keys generate`).
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual(
      Object.keys(compose.services)
        .filter((s) => !['keys', 'temporal-schema'].includes(s))
        .sort(),
    );
    expect(workload('api').spec.replicas).toBe(2);
    expect(workload('worker').spec.replicas).toBe(2);
  });

  it('gives every long-running container a readiness and a liveness probe, the API and worker on their health routes', () => {
    for (const w of workloads)
      for (const c of w.spec.template.spec.containers)
        expect({
          name: c.name,
          readiness: Boolean(c.readinessProbe),
          liveness: Boolean(c.livenessProbe),
        }).toEqual({
          name: c.name,
          readiness: true,
          liveness: true,
        });
    const probes = (name: string) => workload(name).spec.template.spec.containers[0];
    expect(probes('api').readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 3000 });
    expect(probes('api').livenessProbe.httpGet).toEqual({ path: '/health/live', port: 3000 });
    expect(probes('worker').readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 3001 });
    expect(probes('worker').livenessProbe.httpGet).toEqual({ path: '/health/live', port: 3001 });
  });

  it('configures the API and the worker only with variables the config reads, with values it accepts', () => {
    const configMap = resources.find((r) => r.kind === 'ConfigMap')!.data!;
    const secrets = Object.assign(
      {},
      ...resources.filter((r) => r.kind === 'Secret').map((r) => (r as { stringData?: object }).stringData),
    ) as Record<string, string>;
    for (const name of ['api', 'worker']) {
      const container = workload(name).spec.template.spec.containers[0];
      const own = Object.fromEntries(
        (container.env as { name: string; value: string }[]).map((e) => [e.name, e.value]),
      );
      const environment = {
        ...configMap,
        DATABASE_URL: secrets.DATABASE_URL,
        METRICS_TOKEN: secrets.METRICS_TOKEN,
        ...own,
      };
      // Besides the config's variables, only the worker's process-level ones (read by the C library).
      const known = [...configVariableNames, ...(name === 'worker' ? Object.keys(WORKER_PROCESS_ENV) : [])];
      const unknown = Object.keys(environment).filter((v) => !known.includes(v));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      expect(() => loadConfig(environment)).not.toThrow();
      expect(existsSync(join(root, container.command.at(-1)))).toBe(true);
    }
  });
});

describe('the image', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

  it('builds the workflow bundle at build time and points the worker at it', () => {
    expect(dockerfile).toMatch(/RUN node -r \.\/tools\/register\.js tools\/build-workflow-bundle\.ts (\S+)/);
    const [, built] = /build-workflow-bundle\.ts (\S+)/.exec(dockerfile)!;
    expect(dockerfile).toContain(`COPY --from=build ${built} ./dist/workflow-bundle.js`);
    expect(dockerfile).toContain('ENV TEMPORAL_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js');
    expect(existsSync(join(root, 'tools', 'build-workflow-bundle.ts'))).toBe(true);
  });

  it('installs production dependencies only in the image that runs', () => {
    const runStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runStage).toContain('npm ci --omit=dev');
    expect(runStage).not.toContain('--include=dev');
    // What the sources need at run time is a production dependency (SWC runs them).
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: object };
    expect(Object.keys(pkg.dependencies)).toEqual(
      expect.arrayContaining(['@swc-node/register', '@swc/core']),
    );
  });
});
