// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

/**
 * Libraries workflow code may import: pure and deterministic, no I/O. `@onething/calendar` without its
 * node entry; the webpack aliases in libs/temporal/src/workflow-bundle.ts list the same ones.
 */
const workflowSafeLibraries = [
  '@onething/case-model',
  '@onething/definition',
  '@onething/calendar',
  '@onething/text',
];

/** Code that is not shipped: tests, their support (a library's `testing` folder too), the benchmark. */
const testFiles = [
  '**/*.spec.ts',
  '**/*.int-spec.ts',
  'test/**/*.ts',
  'bench/**/*.ts',
  'libs/*/testing/**/*.ts',
];

export default tseslint.config(
  // docs/.vitepress: the site generator's config and its build output, outside the TypeScript project.
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.data/**',
      'coverage/**',
      'docs/.vitepress/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Libraries and apps import each other by alias (@onething/...), never by climbing directories.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*'], message: 'Import across modules with an @onething/* alias.' }] },
      ],
    },
  },
  {
    // The layering: apps on libs, libs on libs, the case model at the bottom. A library never reaches up
    // into an app or the workflow package. The one exception is the workflow package's messages — the
    // types of its Updates, queries, inputs and workflow functions, which a client (the dispatcher that
    // starts a case) needs: imported from the `@onething/workflows` barrel as types only (`import type`),
    // so no workflow code runs in a library. Its internals (`@onething/workflows/<file>`) stay private.
    files: ['libs/**/*.ts'],
    ignores: testFiles,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@onething/workflows',
              allowTypeImports: true,
              message: "A library imports only the workflow package's message types, with `import type`.",
            },
            { name: '@onething/testing', message: 'Test support is not shipped: libraries never import it.' },
          ],
          patterns: [
            {
              group: ['@onething/workflows/*', '**/workflows/**', 'workflows/**'],
              message:
                "A library imports only the workflow package's message types, from its barrel, as types.",
            },
            {
              group: ['**/apps/**', 'apps/**'],
              message: 'Libraries never import apps: apps wire libraries.',
            },
            { group: ['**/testing/**'], message: "A library's testing folder serves its specs only." },
          ],
        },
      ],
    },
  },
  {
    // The case model sits under everything, workflow code included: no I/O, no Node built-ins, no other
    // library. It needs zod (request schemas of its own values) and @temporalio/common (search attribute
    // keys), both pure.
    files: ['libs/case-model/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(zod|@temporalio/common)$|\\./)',
              message:
                'The case model imports only zod, @temporalio/common and its own files: it does no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // SQL lives in repositories (and migrations): one place per table owns its queries and guarded status
    // changes. The embedded PostgreSQL's start-up creates the database itself, before any schema or
    // repository exists: provisioning, not the read model, so libs/devservers is left out.
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'bench/**/*.ts'],
    ignores: [...testFiles, '**/*.repository.ts', 'libs/persistence/src/migrations/**', 'libs/devservers/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // `.query(sql)`, not a Temporal handle's `.query(someQuery)`.
          selector: "CallExpression[callee.property.name='query']:not([arguments.0.name=/Query$/])",
          message: 'SQL lives in a repository (*.repository.ts): call the repository instead.',
        },
        {
          selector: "CallExpression[callee.property.name='createQueryBuilder']",
          message: 'SQL lives in a repository (*.repository.ts): call the repository instead.',
        },
      ],
    },
  },
  {
    // Tests poke at JSON bodies; the `any` they read is asserted on right away.
    files: testFiles,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': 'off',
    },
  },
  {
    // Workflow code must stay deterministic: the Temporal sandbox replays it, so no Node built-ins, no
    // I/O clients, no activity implementations (types only), and no promise left floating.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts', 'workflows/**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((name) => [
              { name, message: 'Workflow code may not use Node built-ins.' },
              { name: `node:${name}`, message: 'Workflow code may not use Node built-ins.' },
            ]),
            { name: '@temporalio/activity', message: 'Activities run in the worker, not in workflow code.' },
            { name: '@temporalio/client', message: 'Workflow code may not call the Temporal client.' },
            { name: '@temporalio/worker', message: 'Workflow code may not import the worker.' },
            { name: 'typeorm', message: 'Workflow code does no I/O: use an activity.' },
            { name: 'pg', message: 'Workflow code does no I/O: use an activity.' },
          ],
          patterns: [
            {
              group: ['@onething/*', ...workflowSafeLibraries.map((name) => `!${name}`)],
              message: `Workflows may use only the pure libraries: ${workflowSafeLibraries.join(', ')} (not a node entry).`,
            },
            {
              group: ['**/activities', '**/*.activities', '**/activities/**'],
              message: 'Import activities as types only (import type).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Workflow code gets everything through its input.' },
        { name: 'setImmediate', message: 'Use @temporalio/workflow sleep or condition.' },
        { name: 'require', message: 'Use static imports in workflow code.' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
    },
  },
  {
    // The web app has no path aliases: its areas import the shell (api, session, ui) by relative path.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
