import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import vm from 'node:vm';
import { SourceMapConsumer, type RawSourceMap } from 'source-map';
import { PRELOADED_WORKFLOW_MODULES, withLatin1Text } from '@onething/temporal';

/**
 * What every workflow run pays for before its first line: the SDK's reusable V8 context shares only
 * its own modules and those the bundle preloads (`PRELOADED_WORKFLOW_MODULES`), so each run evaluates
 * the other modules its workflow imports afresh (and keeps them in memory while cached). The workflow bundle therefore resolves the libraries to their narrow
 * `workflow-entry.ts`; this test fails when the API's side of a library (the validator, the form,
 * JSON Schema, YAML, zod, Mustache) comes back into a run. OpenTelemetry is for traced runs only: a run
 * whose start carried no trace context must not evaluate it.
 */
const FORBIDDEN_PER_RUN = [
  /node_modules\/zod\//,
  /node_modules\/yaml\//,
  /node_modules\/mustache\//,
  /libs\/definition\/src\/(validator|form|submission|json-schema|source|plan|schema)\.ts/,
  /libs\/text\/src\/fields\.ts/,
  /node_modules\/@opentelemetry\//,
  /node_modules\/@temporalio\/interceptors-opentelemetry\//,
];

const root = resolve(__dirname, '..', '..');

interface WorkflowInterceptorsModule {
  interceptors(): {
    inbound?: { execute?(input: { headers: object }, next: (input: unknown) => unknown): unknown }[];
  };
}

interface BundleApi {
  importWorkflows(): Record<string, unknown>;
  importInterceptors(): WorkflowInterceptorsModule[];
  preloadModules?(): void;
}

/** As the SDK starts a run: its interceptors built, then its start passed through them (untraced). */
function startUntracedRun(api: BundleApi): void {
  for (const module of api.importInterceptors()) {
    for (const inbound of module.interceptors().inbound ?? []) {
      const started = inbound.execute?.({ headers: {} }, () => 'started');
      if (started !== 'started') throw new Error('an untraced start did not reach the workflow');
    }
  }
  api.importWorkflows();
}

/** Evaluates the bundle as the SDK does, then starts a run once per fresh module cache (one per run). */
function evaluatePerRun(code: string, runs: number): { perRun: string[]; medianMs: number } {
  let cache = new Map<string | symbol, unknown>();
  const context = vm.createContext({ TextEncoder, TextDecoder, URL, URLSearchParams, console });
  // The SDK's context reads modules through a proxy that it points at the running workflow's cache.
  Object.defineProperty(context, '__webpack_module_cache__', {
    value: new Proxy(
      {},
      {
        get: (_, id) => cache.get(id),
        set: (_, id, module) => (cache.set(id, module), true),
      },
    ),
  });
  vm.runInContext(code, context);
  const api = (context as { __TEMPORAL__: BundleApi }).__TEMPORAL__;
  // As the SDK does while bootstrapping the context, before any workflow: into the shared cache.
  api.preloadModules?.();
  const shared = new Map(cache);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    cache = new Map(shared);
    const started = performance.now();
    startUntracedRun(api);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const perRun = [...cache.keys()].filter((id) => !shared.has(id)).map(String);
  return { perRun, medianMs: times[Math.floor(runs / 2)] };
}

describe('workflow bundle footprint per run', () => {
  it('evaluates only the workflow side of the libraries in each run', () => {
    const bundlePath = process.env.TEMPORAL_WORKFLOW_BUNDLE;
    if (!bundlePath) throw new Error('TEMPORAL_WORKFLOW_BUNDLE is set by the integration global set-up');
    const { perRun, medianMs } = evaluatePerRun(readFileSync(bundlePath, 'utf8'), 9);
    process.stderr.write(
      `[bundle] ${perRun.length} modules evaluated per workflow run, median ${medianMs.toFixed(1)} ms\n`,
    );
    expect(perRun.filter((id) => FORBIDDEN_PER_RUN.some((pattern) => pattern.test(id)))).toEqual([]);
    // The case and task workflows and the interceptors are there: the check reads real module ids.
    expect(perRun.some((id) => id.includes('workflows/src/case.workflow.ts'))).toBe(true);
    expect(perRun.some((id) => id.includes('workflows/src/tracing-interceptors.ts'))).toBe(true);
    // The preloaded libraries are evaluated once per context, not per run.
    // A package by its folder, a file of the project by its module id.
    for (const name of PRELOADED_WORKFLOW_MODULES) {
      const id = isAbsolute(name) ? `./${relative(root, name)}` : `node_modules/${name}/`;
      expect(perRun.filter((evaluated) => evaluated.includes(id))).toEqual([]);
    }
    // What the conditions bring with them is shared too: RE2 and the date libraries.
    expect(
      perRun.filter((evaluated) => /node_modules\/(re2js|date-fns|@date-fns)\//.test(evaluated)),
    ).toEqual([]);
  });

  it('is one-byte text, so each isolate holds it at one byte per character', () => {
    const code = readFileSync(process.env.TEMPORAL_WORKFLOW_BUNDLE!, 'utf8');
    expect(code.match(/[\u0100-\uffff]/g) ?? []).toEqual([]);
    // Its Chinese messages are there, escaped (`libs/text/src/policy.ts`).
    expect(code).toContain(withLatin1Text('不能为空或只含空白'));
  });

  it("maps the code to its sources' lines without carrying the sources' text", async () => {
    const code = readFileSync(process.env.TEMPORAL_WORKFLOW_BUNDLE!, 'utf8');
    const inline = /\/\/# sourceMappingURL=data:application\/json;[^,]*base64,(\S+)\s*$/.exec(code);
    const map = JSON.parse(Buffer.from(inline![1], 'base64').toString()) as RawSourceMap;
    expect(map.sourcesContent ?? []).toEqual([]);
    // As the SDK maps a workflow's stack frame: a line of the case workflow's source is found in the code.
    const source = map.sources.find((name) => name.endsWith('workflows/src/case.workflow.ts'))!;
    const consumer = await new SourceMapConsumer(map);
    try {
      const generated = consumer.allGeneratedPositionsFor({ source, line: 1, column: 0 })[0];
      expect(generated?.line).toBeGreaterThan(1);
      expect(
        consumer.originalPositionFor({ line: generated.line!, column: generated.column! }),
      ).toMatchObject({
        source,
        line: 1,
      });
    } finally {
      consumer.destroy();
    }
  });
});
