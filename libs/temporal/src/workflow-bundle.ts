import { join, resolve } from 'node:path';
import { bundleWorkflowCode, BundleOptions } from '@temporalio/worker';
import { failureConverterPath } from '@onething/codec';
import { workflowTracingInterceptorsModule } from './tracing-interceptors';

const root = resolve(__dirname, '..', '..', '..');

/**
 * How the workflow code is bundled: the workflows package, with the pure @onething libraries it may use,
 * and the project's failure converter (failures the workflow raises are encoded, then encrypted, too).
 *
 * Each workflow run evaluates the modules it imports afresh (the SDK's reusable V8 context shares only
 * its own and the preloaded ones below), so the libraries resolve to their narrow `workflow-entry.ts`;
 * an import missing from an entry fails the bundle instead of being undefined at run time.
 */

/**
 * Modules evaluated once per V8 context instead of once per workflow run (with what they import): nothing
 * at their module scope depends on the workflow, so sharing them cannot leak one workflow into another.
 * - CEL (`@marcbachmann/cel-js`): its base function registry is cloned by each environment, and its lexer
 *   is used synchronously.
 * - The conditions (`libs/definition/src/conditions.ts`, with the dates, RE2 and date-fns beneath it): its
 *   CEL environment is built once; its module state is bounded caches of pure compilations keyed by
 *   their text (conditions, RE2 patterns, date formats), and the date `today()` answers, set and cleared
 *   around each synchronous evaluation. Shared, it saves each run about half its modules and 185 KB of
 *   heap that a cached run kept (`test/workflows/bundle-footprint.int-spec.ts` prints what is left).
 * Never list a module that keeps per-workflow state at module scope or reads the workflow's globals while
 * loading (OpenTelemetry does: the SDK's interceptors give it its `performance` first, inside each
 * workflow). A package is preloaded by its `require` entry: one whose `import` entry differs (re2js)
 * would be loaded twice, so it is shared through the module that imports it instead.
 */
export const PRELOADED_WORKFLOW_MODULES = [
  '@marcbachmann/cel-js',
  join(root, 'libs', 'definition', 'src', 'conditions.ts'),
];
export function workflowBundleOptions(): BundleOptions {
  return {
    workflowsPath: join(root, 'workflows', 'src', 'index.ts'),
    failureConverterPath,
    // Temporal's OpenTelemetry workflow interceptors: a workflow's spans join the trace its start carried.
    workflowInterceptorModules: [workflowTracingInterceptorsModule],
    preloadModules: PRELOADED_WORKFLOW_MODULES,
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = {
        ...(config.resolve.alias as Record<string, string> | undefined),
        '@onething/case-model$': join(root, 'libs', 'case-model', 'src', 'workflow-entry.ts'),
        '@onething/definition$': join(root, 'libs', 'definition', 'src', 'workflow-entry.ts'),
        '@onething/calendar$': join(root, 'libs', 'calendar', 'src', 'index.ts'),
        '@onething/text$': join(root, 'libs', 'text', 'src', 'workflow-entry.ts'),
      };
      // The inline source map without the sources' text: the worker keeps the map parsed in each of its
      // isolates, and only the enhanced stack-trace query with `showStackTraceSources` (off) reads the
      // text; stack traces still map to the sources' paths and lines.
      config.devtool = 'inline-nosources-source-map';
      config.module = config.module ?? {};
      config.module.parser = {
        ...config.module.parser,
        javascript: { ...config.module.parser?.javascript, exportsPresence: 'error' },
      };
      return config;
    },
  };
}

/** The product's workflow bundle, in one-byte text (`withLatin1Text`); `logger`: webpack's output. */
export async function bundleWorkflows(logger?: BundleOptions['logger']): Promise<{ code: string }> {
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger });
  return { code: withLatin1Text(code) };
}

/**
 * JavaScript source with every character above U+00FF written as a `\u` escape. V8 stores a string
 * holding even one such character at two bytes per character, and the worker keeps the bundle (code and
 * inline source map, some 2.9 million characters) as strings in each of its isolates: a few Chinese
 * messages, and dashes in comments, doubled all of them. An escape means the same in a string, a
 * template, a regular expression, an identifier and a comment; a backslash escaping such a character (an
 * identity escape) is dropped for the plain escape. Only the source map's columns after such a character
 * on its line shift.
 */
export function withLatin1Text(source: string): string {
  return source.replace(
    /(\\+)?([\u0100-\uffff])/g,
    (_match, backslashes: string | undefined, unit: string) => {
      const kept = backslashes && backslashes.length % 2 === 1 ? backslashes.slice(1) : (backslashes ?? '');
      return `${kept}\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
    },
  );
}
